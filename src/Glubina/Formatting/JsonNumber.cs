using System.Globalization;
using System.Text.Json.Nodes;

namespace Glubina.Formatting;

/// <summary>Number helpers shared by the profile and inspection reports: JSON cannot hold NaN or infinities, so
/// those become null; text uses the invariant culture.</summary>
internal static class JsonNumber
{
    public static JsonNode? Of(double? value) => value is double d && double.IsFinite(d) ? JsonValue.Create(d) : null;

    /// <summary>Four significant digits, or "-" for none.</summary>
    public static string Text(double? value) => value is double d ? d.ToString("G4", CultureInfo.InvariantCulture) : "-";

    /// <summary>A byte count as B, KiB, MiB or GiB.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB"];
        double v = bytes;
        int u = 0;
        while (Math.Abs(v) >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return u == 0 ? $"{bytes} B" : v.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
