namespace IngestionCluster.Gateway.Uploads;

/// <summary>
/// How long a JSON number becomes in PostgreSQL's <c>jsonb</c>, which keeps numbers as <c>numeric</c> and writes them
/// out in full, without an exponent: <c>1e5</c> is stored and read back as <c>100000</c>, <c>1.5e-3</c> as <c>0.0015</c>.
/// </summary>
internal static class StoredNumberLength
{
    /// <summary>Beyond any exponent a stored number could have: numeric refuses more than 131,072 digits.</summary>
    private const long ExponentCap = 1_000_000_000;

    /// <summary>
    /// Characters of <paramref name="number"/> (a JSON number token, <c>-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?</c>) as
    /// numeric prints it: the integer part without leading zeros (at least <c>0</c>), and as many fraction digits as
    /// were given less the exponent. An exponent too large to count gives a length beyond any limit.
    /// </summary>
    public static long Of(ReadOnlySpan<char> number)
    {
        var i = 0;
        var sign = number.Length > 0 && number[0] == '-' ? 1 : 0;
        i += sign;
        var integerStart = i;
        while (i < number.Length && char.IsAsciiDigit(number[i]))
        {
            i++;
        }
        var integerDigits = number[integerStart..i];
        var fractionDigits = ReadOnlySpan<char>.Empty;
        if (i < number.Length && number[i] == '.')
        {
            var fractionStart = ++i;
            while (i < number.Length && char.IsAsciiDigit(number[i]))
            {
                i++;
            }
            fractionDigits = number[fractionStart..i];
        }
        var exponent = i < number.Length && number[i] is 'e' or 'E' ? ExponentOf(number[(i + 1)..]) : 0;

        var leadingZeros = LeadingZeros(integerDigits);
        if (leadingZeros == integerDigits.Length)
        {
            leadingZeros += LeadingZeros(fractionDigits);
        }
        var isZero = leadingZeros == integerDigits.Length + fractionDigits.Length;
        var wholeDigits = isZero ? 1 : Math.Max(1, integerDigits.Length + exponent - leadingZeros);
        var scale = Math.Max(0, fractionDigits.Length - exponent);
        return sign + wholeDigits + (scale > 0 ? 1 + scale : 0);
    }

    /// <summary>The exponent's value, held within ±<see cref="ExponentCap"/>: its digits may be any number of them.</summary>
    private static long ExponentOf(ReadOnlySpan<char> text)
    {
        var negative = text.Length > 0 && text[0] == '-';
        var i = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            value = Math.Min(ExponentCap, value * 10 + (text[i] - '0'));
        }
        return negative ? -value : value;
    }

    private static int LeadingZeros(ReadOnlySpan<char> digits)
    {
        var zeros = digits.IndexOfAnyExcept('0');
        return zeros < 0 ? digits.Length : zeros;
    }
}
