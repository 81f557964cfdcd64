using System.Globalization;
using System.Numerics;
using System.Text;

namespace Glubina.Metrics;

/// <summary>scikit-learn's <c>classification_report</c> as data (per-class and averaged precision, recall, F1,
/// support) with the same text rendering (<see cref="ToText"/>).</summary>
public sealed class ClassificationReport
{
    internal ClassificationReport(IReadOnlyList<ClassificationReportRow> classes, ClassificationReportRow? microAverage,
        double? accuracy, ClassificationReportRow macroAverage, ClassificationReportRow weightedAverage)
    {
        Classes = classes;
        MicroAverage = microAverage;
        Accuracy = accuracy;
        MacroAverage = macroAverage;
        WeightedAverage = weightedAverage;
    }

    /// <summary>One row per class, in report order.</summary>
    public IReadOnlyList<ClassificationReportRow> Classes { get; }

    /// <summary>The accuracy, when the report covers every label that occurs (then it equals the micro average
    /// and is shown instead of it); null otherwise.</summary>
    public double? Accuracy { get; }

    /// <summary>The micro average, when the report covers a subset of the labels; null when
    /// <see cref="Accuracy"/> is shown instead.</summary>
    public ClassificationReportRow? MicroAverage { get; }

    /// <summary>The unweighted mean over the report's classes.</summary>
    public ClassificationReportRow MacroAverage { get; }

    /// <summary>The support-weighted mean over the report's classes.</summary>
    public ClassificationReportRow WeightedAverage { get; }

    /// <summary>The report as scikit-learn prints it, numbers with <paramref name="digits"/> decimals (rounded half
    /// to even on the exact binary value, as Python's format does).</summary>
    public string ToText(int digits = 2)
    {
        if (digits < 0 || digits > 15)
            throw new ArgumentOutOfRangeException(nameof(digits), digits, "ClassificationReport.ToText: digits must be in 0..15.");
        int width = Math.Max(Math.Max("weighted avg".Length, digits), Classes.Count == 0 ? 0 : Classes.Max(r => r.Name.Length));
        var sb = new StringBuilder();
        sb.Append("".PadLeft(width)).Append(' ');
        foreach (string header in (string[])["precision", "recall", "f1-score", "support"])
            sb.Append(' ').Append(header.PadLeft(9));
        sb.Append("\n\n");
        foreach (ClassificationReportRow row in Classes)
            AppendRow(sb, row, width, digits);
        sb.Append('\n');
        if (Accuracy is double accuracy)
        {
            sb.Append("accuracy".PadLeft(width)).Append(' ')
                .Append(' ').Append("".PadLeft(9)).Append(' ').Append("".PadLeft(9))
                .Append(' ').Append(Fixed(accuracy, digits).PadLeft(9))
                .Append(' ').Append(WeightedAverage.Support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
        }
        else if (MicroAverage is not null)
        {
            AppendRow(sb, MicroAverage, width, digits);
        }
        AppendRow(sb, MacroAverage, width, digits);
        AppendRow(sb, WeightedAverage, width, digits);
        return sb.ToString();
    }

    /// <summary>The text rendering with two decimals.</summary>
    public override string ToString() => ToText();

    private static void AppendRow(StringBuilder sb, ClassificationReportRow row, int width, int digits)
    {
        sb.Append(row.Name.PadLeft(width)).Append(' ');
        foreach (double v in (double[])[row.Precision, row.Recall, row.F1])
            sb.Append(' ').Append(Fixed(v, digits).PadLeft(9));
        sb.Append(' ').Append(row.Support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
    }

    /// <summary>Python's <c>format(value, ".{digits}f")</c>: the exact binary value rounded to
    /// <paramref name="digits"/> decimals, exact halves to even. .NET's "F" rounds exact halves away from zero
    /// (0.125 → "0.13" where Python prints "0.12"), so halves are detected and rounded here.</summary>
    internal static string Fixed(double value, int digits)
    {
        string formatted = value.ToString("F" + digits, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value) || value == 0)
            return formatted;
        // value = mantissa · 2^exponent exactly; it is a half at the last digit iff value · 10^digits · 2 is an odd integer.
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        int rawExponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (rawExponent != 0)
            mantissa |= 1L << 52;
        int exponent = (rawExponent == 0 ? 1 : rawExponent) - 1075;
        if (exponent >= 0)
            return formatted; // an integer: no fractional half
        BigInteger numerator = new BigInteger(mantissa) * BigInteger.Pow(10, digits) * 2;
        BigInteger denominator = BigInteger.One << -exponent;
        BigInteger twice = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        if (!remainder.IsZero || twice.IsEven)
            return formatted;
        BigInteger rounded = twice / 2; // floor of value · 10^digits
        if (!rounded.IsEven)
            rounded += 1;
        string text = rounded.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        string result = digits == 0 ? text : text[..^digits] + "." + text[^digits..];
        return value < 0 ? "-" + result : result;
    }
}
