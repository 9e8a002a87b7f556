using System.Data.Common;
using System.Globalization;
using IngestionCluster.Storage.Database;

namespace IngestionCluster.Grains.Metadata;

/// <summary>Timestamps in both dialects: timestamptz on PostgreSQL, fixed-width UTC ISO-8601 text on SQLite (so text order is time order).</summary>
internal static class DbTime
{
    private const string SqliteFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static object Param(SqlDialect dialect, DateTimeOffset value) =>
        dialect.IsPostgres ? value.ToUniversalTime() : value.UtcDateTime.ToString(SqliteFormat, CultureInfo.InvariantCulture);

    public static object? Param(SqlDialect dialect, DateTimeOffset? value) => value is { } v ? Param(dialect, v) : null;

    public static DateTimeOffset Read(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        var other => throw new InvalidCastException($"Unexpected timestamp type {other.GetType()}."),
    };
}
