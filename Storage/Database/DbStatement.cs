using System.Data.Common;

namespace IngestionCluster.Storage.Database;

/// <summary>
/// One SQL statement and its named parameter values (<c>@name</c> in the text; null stands for SQL NULL). Kept as
/// data rather than as a bound command, so that several statements can go to the database as one unit
/// (<see cref="IngestDatabase.ExecuteAtomicallyAsync"/>).
/// </summary>
public sealed class DbStatement(string sql)
{
    private readonly List<(string Name, object? Value)> _parameters = [];

    public string Sql { get; } = sql;

    public DbStatement With(string name, object? value)
    {
        _parameters.Add((name, value));
        return this;
    }

    public void BindTo(DbCommand command)
    {
        command.CommandText = Sql;
        AddParameters(command.Parameters, command.CreateParameter);
    }

    public void BindTo(DbBatchCommand command)
    {
        command.CommandText = Sql;
        AddParameters(command.Parameters, command.CreateParameter);
    }

    private void AddParameters(DbParameterCollection parameters, Func<DbParameter> create)
    {
        foreach (var (name, value) in _parameters)
        {
            parameters.Add(create().Named(name, value));
        }
    }
}
