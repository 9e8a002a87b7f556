using System.Reflection;

namespace IngestionCluster.Runtime.Messaging;

/// <summary>The wire form of a grain exception: its type and message. Recreated on the caller's side when the type is known.</summary>
internal sealed record ExceptionInfo(string TypeName, string AssemblyName, string Message)
{
    public static ExceptionInfo From(Exception exception)
    {
        var type = exception.GetType();
        return new ExceptionInfo(type.FullName ?? type.Name, type.Assembly.GetName().Name ?? string.Empty, exception.Message);
    }

    public Exception ToException()
    {
        var type = Type.GetType($"{TypeName}, {AssemblyName}", throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract)
        {
            // (message, inner) first: for ArgumentNullException and friends the single-string constructor takes a parameter name.
            var withInner = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string), typeof(Exception)]);
            if (withInner is not null)
            {
                return (Exception)withInner.Invoke([Message, null]);
            }
            var withMessage = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)]);
            if (withMessage is not null)
            {
                return (Exception)withMessage.Invoke([Message]);
            }
        }
        return new RemoteGrainException(TypeName, Message);
    }
}
