using IngestionCluster.Gateway.Uploads;

namespace IngestionCluster.Tests.Gateway.Uploads;

public sealed class StoredNumberLengthTests
{
    /// <summary>Each number with what PostgreSQL's <c>SELECT '{"x": …}'::jsonb</c> writes it out as.</summary>
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-12", "-12")]
    [InlineData("1e5", "100000")]
    [InlineData("1E+5", "100000")]
    [InlineData("1.5e-3", "0.0015")]
    [InlineData("123.4500", "123.4500")]
    [InlineData("0.05e3", "50")]
    [InlineData("0.5e-3", "0.0005")]
    [InlineData("12.5e1", "125")]
    [InlineData("0e-3", "0.000")]
    [InlineData("6.02e23", "602000000000000000000000")]
    public void A_number_is_as_long_as_postgresql_writes_it_out(string number, string writtenOut) =>
        Assert.Equal(writtenOut.Length, StoredNumberLength.Of(number));

    [Theory]
    [InlineData("1e131071", 131_072)]
    [InlineData("1e-20000", 20_002)]
    [InlineData("0.0001e131072", 131_069)]
    [InlineData("5e-324", 326)]
    [InlineData("1.7976931348623157e308", 309)]
    public void Long_numbers_are_counted_without_writing_them_out(string number, long length) =>
        Assert.Equal(length, StoredNumberLength.Of(number));

    [Fact]
    public void An_exponent_of_any_length_counts_as_beyond_every_limit()
    {
        Assert.True(StoredNumberLength.Of("1e" + new string('9', 400)) > 1_000_000_000);
        Assert.True(StoredNumberLength.Of("1e-" + new string('9', 400)) > 1_000_000_000);
    }
}
