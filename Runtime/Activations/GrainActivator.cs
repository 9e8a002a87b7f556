using System.Collections.Concurrent;
using System.Reflection;
using IngestionCluster.Runtime.Invocation;
using IngestionCluster.Runtime.State;

namespace IngestionCluster.Runtime.Activations;

/// <summary>
/// Creates grain instances by constructor injection: services from the silo's container, the grain
/// factory, and <see cref="IPersistentState{TState}"/> for parameters marked <see cref="PersistentStateAttribute"/>.
/// </summary>
internal sealed class GrainActivator(IServiceProvider services, GrainStateStore stateStore, RuntimeSerializer serializer)
{
    private static readonly MethodInfo _createStateMethod =
        typeof(GrainActivator).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private readonly ConcurrentDictionary<Type, (ConstructorInfo Constructor, Func<Activation, object?>[] Arguments)> _plans = new();

    public Grain Create(Type implementation, Activation activation)
    {
        var (constructor, arguments) = _plans.GetOrAdd(implementation, Plan);
        var values = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i](activation);
        }
        try
        {
            return (Grain)constructor.Invoke(values);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private (ConstructorInfo, Func<Activation, object?>[]) Plan(Type implementation)
    {
        var constructor = implementation.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {implementation} has no public constructor.");
        var arguments = constructor.GetParameters().Select(p => Resolver(implementation, p)).ToArray();
        return (constructor, arguments);
    }

    private Func<Activation, object?> Resolver(Type implementation, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } stateAttribute)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException($"{implementation.Name}: [PersistentState] parameter '{parameter.Name}' must be IPersistentState<T>.");
            }
            var create = _createStateMethod.MakeGenericMethod(type.GetGenericArguments()[0]);
            var name = stateAttribute.StateName;
            return activation => create.Invoke(this, [name, activation]);
        }
        if (type == typeof(IGrainFactory))
        {
            return activation => activation.GrainFactory;
        }
        return _ => services.GetService(type)
            ?? (parameter.HasDefaultValue ? parameter.DefaultValue : throw new InvalidOperationException(
                $"Grain {implementation.Name} needs a {type.Name} ('{parameter.Name}'), which is not registered in the silo's services."));
    }

    private PersistentState<TState> CreateState<TState>(string name, Activation activation) where TState : new()
    {
        var state = new PersistentState<TState>(
            name,
            activation.GrainId,
            () => activation.Partition.Fence,
            stateStore,
            serializer,
            () => activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.StateConflict, $"state '{name}' conflict")));
        activation.AddStateLoader(state);
        return state;
    }
}
