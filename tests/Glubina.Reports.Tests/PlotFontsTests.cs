using ScottPlot;
using SkiaSharp;

namespace Glubina.Reports.Tests;

// One collection: registering the embedded font edits ScottPlot's global resolver list, which must not
// happen while another test renders.
[Collection("ScottPlot")]
public sealed class PlotFontsTests
{
    [Fact]
    public void Embedded_fallback_font_is_the_DejaVu_sans_subset()
    {
        foreach (bool bold in new[] { false, true })
        {
            using var data = SKData.CreateCopy(PlotFonts.Embedded(bold));
            using SKTypeface typeface = SKTypeface.FromData(data);
            Assert.NotNull(typeface);
            Assert.Equal("DejaVu Sans", typeface.FamilyName);
            Assert.Equal(bold, typeface.IsBold);
            // The subset covers Latin, Greek and Cyrillic (the full font has about 6000 glyphs).
            Assert.InRange(typeface.GlyphCount, 300, 1500);
            Assert.True(typeface.ContainsGlyphs("Loss ± épsilon Глубина λ"));
        }
    }

    [Fact]
    public void ScottPlot_resolves_the_embedded_family_and_draws_text_with_it()
    {
        PlotFonts.RegisterEmbedded();
        // ScottPlot caches and owns the typeface: it must not be disposed here.
        SKTypeface resolved = Fonts.GetTypeface(PlotFonts.EmbeddedFamily, bold: false, italic: false);
        Assert.Equal("DejaVu Sans", resolved.FamilyName);
        Assert.InRange(resolved.GlyphCount, 300, 1500);

        static byte[] Render(string title)
        {
            var plot = new Plot();
            plot.Title(title);
            plot.Font.Set(PlotFonts.EmbeddedFamily);
            return plot.GetImageBytes(300, 200, ImageFormat.Png);
        }
        using SKBitmap withTitle = SKBitmap.Decode(Render("Glubina"));
        using SKBitmap without = SKBitmap.Decode(Render(""));
        int differing = 0;
        for (int y = 0; y < 40; y++)
        {
            for (int x = 0; x < withTitle.Width; x++)
                differing += withTitle.GetPixel(x, y) != without.GetPixel(x, y) ? 1 : 0;
        }
        Assert.True(differing > 50, $"the title changed only {differing} pixels: no glyphs were drawn");
    }
}
