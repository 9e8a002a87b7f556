using System.Reflection;

namespace IngestionCluster.Runtime.Invocation;

/// <summary>What the runtime knows about one grain interface method: wire name, types, and compiled adapters.</summary>
internal sealed class GrainMethodInfo
{
    public required string Name { get; init; }

    public required MethodInfo Method { get; init; }

    public required Type[] ParameterTypes { get; init; }

    /// <summary>The T of Task&lt;T&gt;/ValueTask&lt;T&gt;, or null for Task/ValueTask.</summary>
    public required Type? ResultType { get; init; }

    public required ReturnKind ReturnKind { get; init; }

    public required bool IsOneWay { get; init; }

    /// <summary>Calls the method on a grain instance with arguments already of the right types.</summary>
    public required Func<object, object?[], ValueTask<object?>> Invoker { get; init; }

    /// <summary>Turns the runtime's untyped result task into the method's declared return type for the proxy.</summary>
    public required Func<Task<object?>, object> ResultAdapter { get; init; }
}
