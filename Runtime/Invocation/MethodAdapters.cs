using System.Linq.Expressions;
using System.Reflection;

namespace IngestionCluster.Runtime.Invocation;

/// <summary>Builds, once per method, the delegates that call a grain method and adapt its result without reflection per call.</summary>
internal static class MethodAdapters
{
    public static Func<object, object?[], ValueTask<object?>> CreateInvoker(Type interfaceType, MethodInfo method, ReturnKind kind, Type? resultType)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters();
        var arguments = parameters.Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, interfaceType), method, arguments);
        var wrapper = kind switch
        {
            ReturnKind.Task => typeof(MethodAdapters).GetMethod(nameof(FromTask), BindingFlags.NonPublic | BindingFlags.Static)!,
            ReturnKind.ValueTask => typeof(MethodAdapters).GetMethod(nameof(FromValueTask), BindingFlags.NonPublic | BindingFlags.Static)!,
            ReturnKind.TaskOfT => typeof(MethodAdapters).GetMethod(nameof(FromTaskOfT), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(resultType!),
            _ => typeof(MethodAdapters).GetMethod(nameof(FromValueTaskOfT), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(resultType!),
        };
        var body = Expression.Call(wrapper, call);
        return Expression.Lambda<Func<object, object?[], ValueTask<object?>>>(body, grain, args).Compile();
    }

    public static Func<Task<object?>, object> CreateResultAdapter(ReturnKind kind, Type? resultType)
    {
        switch (kind)
        {
            case ReturnKind.Task:
                return static task => task;
            case ReturnKind.ValueTask:
                return static task => new ValueTask(task);
            case ReturnKind.TaskOfT:
            {
                var cast = typeof(MethodAdapters).GetMethod(nameof(CastTask), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(resultType!);
                return cast.CreateDelegate<Func<Task<object?>, object>>();
            }
            default:
            {
                var cast = typeof(MethodAdapters).GetMethod(nameof(CastValueTask), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(resultType!);
                return cast.CreateDelegate<Func<Task<object?>, object>>();
            }
        }
    }

    private static ValueTask<object?> FromTask(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return new ValueTask<object?>((object?)null);
        }
        return Await(task);

        static async ValueTask<object?> Await(Task task)
        {
            await task.ConfigureAwait(false);
            return null;
        }
    }

    private static ValueTask<object?> FromValueTask(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return new ValueTask<object?>((object?)null);
        }
        return Await(task);

        static async ValueTask<object?> Await(ValueTask task)
        {
            await task.ConfigureAwait(false);
            return null;
        }
    }

    private static ValueTask<object?> FromTaskOfT<T>(Task<T> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return new ValueTask<object?>(task.GetAwaiter().GetResult());
        }
        return Await(task);

        static async ValueTask<object?> Await(Task<T> task) => await task.ConfigureAwait(false);
    }

    private static ValueTask<object?> FromValueTaskOfT<T>(ValueTask<T> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return new ValueTask<object?>(task.GetAwaiter().GetResult());
        }
        return Await(task);

        static async ValueTask<object?> Await(ValueTask<T> task) => await task.ConfigureAwait(false);
    }

    private static object CastTask<T>(Task<object?> task) => Cast<T>(task);

    private static object CastValueTask<T>(Task<object?> task) => new ValueTask<T>(Cast<T>(task));

    private static async Task<T> Cast<T>(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;
}
