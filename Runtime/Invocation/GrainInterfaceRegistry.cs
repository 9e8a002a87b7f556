using System.Collections.Concurrent;
using System.Reflection;

namespace IngestionCluster.Runtime.Invocation;

/// <summary>Describes grain interfaces (validated once, on first use) and finds them by wire name.</summary>
internal sealed class GrainInterfaceRegistry
{
    /// <summary>Interface metadata is the same for every silo and client of a process; compile it once.</summary>
    public static GrainInterfaceRegistry Shared { get; } = new();

    private GrainInterfaceRegistry()
    {
    }

    private readonly ConcurrentDictionary<Type, GrainInterfaceInfo> _byType = new();
    private readonly ConcurrentDictionary<string, GrainInterfaceInfo> _byWireName = new(StringComparer.Ordinal);

    public GrainInterfaceInfo Get(Type interfaceType) => _byType.GetOrAdd(interfaceType, Describe);

    public GrainInterfaceInfo Get<TGrainInterface>() => Get(typeof(TGrainInterface));

    public bool TryGetByWireName(string wireName, out GrainInterfaceInfo info) => _byWireName.TryGetValue(wireName, out info!);

    private GrainInterfaceInfo Describe(Type interfaceType)
    {
        if (!interfaceType.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(interfaceType))
        {
            throw new ArgumentException($"{interfaceType} is not a grain interface (an interface extending IGrainWithStringKey).");
        }
        var wireName = interfaceType.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? interfaceType.FullName!;
        var methods = new Dictionary<string, GrainMethodInfo>(StringComparer.Ordinal);
        var byInfo = new Dictionary<MethodInfo, GrainMethodInfo>();
        foreach (var method in AllMethods(interfaceType))
        {
            var described = DescribeMethod(interfaceType, method);
            if (!methods.TryAdd(described.Name, described))
            {
                throw new ArgumentException($"Grain interface {interfaceType.Name} has two methods named {method.Name}; grain methods cannot be overloaded.");
            }
            byInfo[method] = described;
        }
        var info = new GrainInterfaceInfo
        {
            InterfaceType = interfaceType,
            WireName = wireName,
            ShortName = wireName[(wireName.LastIndexOf('.') + 1)..],
            PlacementSeparator = interfaceType.GetCustomAttribute<PlacementKeyPrefixAttribute>()?.Separator,
            KeyLogName = interfaceType.GetCustomAttribute<GrainKeyLogNameAttribute>()?.Name ?? "grain_key",
            MethodsByName = methods,
            MethodsByInfo = byInfo,
        };
        if (_byWireName.TryGetValue(wireName, out var existing) && existing.InterfaceType != interfaceType)
        {
            throw new ArgumentException($"Grain interfaces {existing.InterfaceType} and {interfaceType} share the wire name '{wireName}'.");
        }
        _byWireName[wireName] = info;
        return info;
    }

    private static IEnumerable<MethodInfo> AllMethods(Type interfaceType) =>
        new[] { interfaceType }.Concat(interfaceType.GetInterfaces())
            .Where(t => t != typeof(IGrain) && t != typeof(IGrainWithStringKey))
            .SelectMany(t => t.GetMethods());

    private static GrainMethodInfo DescribeMethod(Type interfaceType, MethodInfo method)
    {
        var where = $"{interfaceType.Name}.{method.Name}";
        if (method.IsGenericMethod)
        {
            throw new ArgumentException($"{where}: generic grain methods are not supported.");
        }
        var parameters = method.GetParameters();
        if (parameters.Any(p => p.ParameterType.IsByRef))
        {
            throw new ArgumentException($"{where}: ref/out parameters are not supported.");
        }
        var (kind, resultType) = ClassifyReturn(method.ReturnType)
            ?? throw new ArgumentException($"{where} must return Task, Task<T>, ValueTask or ValueTask<T>.");
        var oneWay = method.GetCustomAttribute<OneWayAttribute>() is not null;
        if (oneWay && resultType is not null)
        {
            throw new ArgumentException($"{where} is [OneWay] and must return Task or ValueTask.");
        }
        return new GrainMethodInfo
        {
            Name = method.Name,
            Method = method,
            ParameterTypes = parameters.Select(p => p.ParameterType).ToArray(),
            ResultType = resultType,
            ReturnKind = kind,
            IsOneWay = oneWay,
            Invoker = MethodAdapters.CreateInvoker(method.DeclaringType!, method, kind, resultType),
            ResultAdapter = MethodAdapters.CreateResultAdapter(kind, resultType),
        };
    }

    private static (ReturnKind Kind, Type? ResultType)? ClassifyReturn(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return (ReturnKind.Task, null);
        }
        if (returnType == typeof(ValueTask))
        {
            return (ReturnKind.ValueTask, null);
        }
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return (ReturnKind.TaskOfT, returnType.GetGenericArguments()[0]);
        }
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return (ReturnKind.ValueTaskOfT, returnType.GetGenericArguments()[0]);
        }
        return null;
    }
}
