using System.Data.Common;

namespace IngestionCluster.Storage.Database;

public static class DbCommandExtensions
{
    /// <summary>Adds a named parameter (<c>@name</c> in the SQL text), mapping null to DBNull.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        command.Parameters.Add(command.CreateParameter().Named(name, value));
        return command;
    }

    /// <summary>Names the parameter and sets its value, mapping null to DBNull.</summary>
    public static DbParameter Named(this DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
