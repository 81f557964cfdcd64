using System.Text.RegularExpressions;
using SkiaSharp;

namespace Glubina.Reports.Tests;

/// <summary>Checks on a written report: the embedded images, their files, and that the page is self-contained.</summary>
internal static partial class ReportAssertions
{
    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex EmbeddedPng();

    /// <summary>The decoded PNGs embedded in the page, in page order.</summary>
    public static List<byte[]> Images(string html) =>
        EmbeddedPng().Matches(html).Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();

    /// <summary>A real picture: the PNG signature, a plausible size, and many colours (not a blank canvas).</summary>
    public static void IsPlotPng(byte[] png, int minWidth = 400, int minHeight = 300)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G',
            "not a PNG signature");
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.InRange(bitmap.Width, minWidth, 4000);
        Assert.InRange(bitmap.Height, minHeight, 4000);
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
        {
            for (int x = 0; x < bitmap.Width; x += 3)
                colours.Add((uint)bitmap.GetPixel(x, y));
        }
        Assert.True(colours.Count > 20, $"the image has only {colours.Count} colours: it looks blank");
    }

    /// <summary>No external reference and no script: the page must open offline as one file.</summary>
    public static void IsSelfContained(string html)
    {
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("src=\"(?!data:)", html);
    }

    /// <summary>Ids of the sections of the page, in order.</summary>
    public static List<string> SectionIds(string html) =>
        Regex.Matches(html, "<section id=\"([a-z0-9-]+)\">").Select(m => m.Groups[1].Value).ToList();
}
