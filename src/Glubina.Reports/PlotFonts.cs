using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace Glubina.Reports;

/// <summary>
/// The font of the report plots: a sans-serif system font when one is installed, else DejaVu Sans (a subset,
/// see Fonts/README.md) embedded in this assembly and registered with ScottPlot as "Glubina Sans". Without it,
/// a machine with no fonts (a fresh container) would get plots with no text at all.
/// </summary>
internal static class PlotFonts
{
    /// <summary>Family name of the embedded font.</summary>
    public const string EmbeddedFamily = "Glubina Sans";

    private static readonly string[] s_preferred = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans", "FreeSans"];

    private static readonly Lazy<string> s_family = new(Choose, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The family to draw with (registering the embedded font on first use when needed).</summary>
    public static string Family => s_family.Value;

    /// <summary>Makes "Glubina Sans" resolvable by ScottPlot (idempotent).</summary>
    public static void RegisterEmbedded()
    {
        lock (Fonts.FontResolvers)
        {
            if (!Fonts.FontResolvers.OfType<EmbeddedFontResolver>().Any())
                Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
        }
    }

    private static string Choose()
    {
        var installed = new HashSet<string>(SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
        string? system = s_preferred.FirstOrDefault(installed.Contains);
        if (system is not null)
            return system;
        RegisterEmbedded();
        return EmbeddedFamily;
    }

    /// <summary>Bytes of an embedded font file ("DejaVuSans-subset.ttf" or "DejaVuSans-Bold-subset.ttf").</summary>
    internal static byte[] Embedded(bool bold)
    {
        string name = $"Glubina.Reports.Fonts.DejaVuSans{(bold ? "-Bold" : "")}-subset.ttf";
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font resource '{name}' is missing from Glubina.Reports.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Answers ScottPlot's requests for "Glubina Sans" with the embedded typefaces; other names go on to
    /// the next resolver.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        private readonly Lazy<byte[]> _regular = new(() => Embedded(bold: false));
        private readonly Lazy<byte[]> _bold = new(() => Embedded(bold: true));

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        {
            if (!string.Equals(fontName, EmbeddedFamily, StringComparison.OrdinalIgnoreCase))
                return null;
            using var data = SKData.CreateCopy(bold ? _bold.Value : _regular.Value);
            return SKTypeface.FromData(data);
        }
    }
}
