using System.Diagnostics;
using Glubina.Data;
using Glubina.Data.Augmentation;
using Glubina.Data.Images;
using Glubina.Tensors;
using Xunit.Abstractions;

namespace Glubina.Tests.Data.Images;

public sealed class ImageFolderTests(ITestOutputHelper output)
{
    // An RGB image whose pixel (x, y) is (10x, 10y, 7(x+y)) plus the seed.
    private static byte[] Rgb(int w, int h, int seed)
    {
        var p = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int o = (y * w + x) * 3;
                p[o] = (byte)(10 * x + seed);
                p[o + 1] = (byte)(10 * y + seed);
                p[o + 2] = (byte)(7 * (x + y) + seed);
            }
        return p;
    }

    private static void WritePng(string path, int w, int h, int seed) =>
        File.WriteAllBytes(path, PngWriter.Encode(Rgb(w, h, seed), w, h, 3));

    private static TempFolder MakeFolder()
    {
        var tmp = new TempFolder();
        foreach (string cls in new[] { "dog", "cat", "bird" })
        {
            Directory.CreateDirectory(Path.Combine(tmp.Path, cls));
            for (int i = 0; i < 3; i++)
                WritePng(Path.Combine(tmp.Path, cls, $"{i}.png"), 6 + i, 4, i + cls.Length);
        }
        File.WriteAllText(Path.Combine(tmp.Path, "cat", "notes.txt"), "not an image");
        Directory.CreateDirectory(Path.Combine(tmp.Path, "dog", "more"));
        WritePng(Path.Combine(tmp.Path, "dog", "more", "x.PNG"), 5, 5, 1);
        return tmp;
    }

    [Fact]
    public void Classes_are_sorted_folders_and_images_decode_to_chw_in_unit_range()
    {
        using TempFolder tmp = MakeFolder();
        var ds = new ImageFolderDataset(tmp.Path);
        Assert.Equal(new[] { "bird", "cat", "dog" }, ds.Classes);
        Assert.Equal(10, ds.Count);
        Assert.Equal(new[] { 0, 0, 0, 1, 1, 1, 2, 2, 2, 2 }, ds.Samples.Select(s => s.Class));
        Example e = ds[4]; // cat/1.png: 7×4, seed 1 + 3
        Assert.Equal(new[] { 3, 4, 7 }, e.Input.ShapeArray());
        Assert.Equal(1L, (long)e.Target.Item());
        Assert.Equal(DType.Int64, e.Target.DType);
        Assert.Equal((10 * 5 + 4) / 255f, (float)e.Input[0, 2, 5], 6);
        Assert.Equal((10 * 2 + 4) / 255f, (float)e.Input[1, 2, 5], 6);
        Assert.Equal((7 * 7 + 4) / 255f, (float)e.Input[2, 2, 5], 6);
        Assert.Equal(2, ds.ClassIndex("dog"));
    }

    [Fact]
    public void Grayscale_and_resize_give_fixed_shapes_for_batching()
    {
        using TempFolder tmp = MakeFolder();
        var ds = new ImageFolderDataset(tmp.Path, ColorMode.Grayscale, size: (8, 8));
        var loader = new DataLoader(ds, batchSize: 4);
        int n = 0;
        foreach (Batch b in loader)
            using (b)
            {
                Assert.Equal(new[] { b.Count, 1, 8, 8 }, b.Inputs.ShapeArray());
                Assert.All(b.Inputs.ToArray<float>(), v => Assert.InRange(v, 0f, 1f));
                n += b.Count;
            }
        Assert.Equal(10, n);
        // stb's luminance: (77 R + 150 G + 29 B) >> 8.
        var gray = new ImageFolderDataset(tmp.Path, ColorMode.Grayscale);
        Example e = gray[0]; // bird/0.png seed 4, pixel (x=1, y=2) = (14, 24, 25)
        Assert.Equal(((77 * 14 + 150 * 24 + 29 * 25) >> 8) / 255f, (float)e.Input[0, 2, 1], 6);
    }

    [Fact]
    public void Bilinear_resize_matches_PyTorch_align_corners_false()
    {
        // torch.nn.functional.interpolate([[0, 1], [2, 3]] as [1,1,2,2], size=(4, 4), mode="bilinear", align_corners=False)
        float[] r = Resize.Bilinear([0, 1, 2, 3], 1, 2, 2, 4, 4);
        float[] expected = [0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3];
        Assert.Equal(expected, r);
        Assert.Equal(new float[] { 1.5f }, Resize.Bilinear([0, 1, 2, 3], 1, 2, 2, 1, 1));
    }

    // A 16×8 JPEG of the colour rgb(200, 100, 50), written by ImageMagick ("convert -size 16x8 xc:rgb(200,100,50)
    // -quality 100 -sampling-factor 1x1 -strip").
    private const string SolidJpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/2wBDAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAARCAAIABADAREAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAAn/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCfSvWwAf/Z";

    [Fact]
    public void Decodes_jpeg()
    {
        using var tmp = new TempFolder();
        string path = Path.Combine(tmp.Path, "solid.jpg");
        File.WriteAllBytes(path, Convert.FromBase64String(SolidJpeg));
        Tensor rgb = ImageDecoder.Load(path);
        Assert.Equal(new[] { 3, 8, 16 }, rgb.ShapeArray());
        float[] p = rgb.ToArray<float>();
        for (int c = 0; c < 3; c++)
        {
            float expected = new[] { 200, 100, 50 }[c] / 255f;
            Assert.All(p.Skip(c * 128).Take(128), v => Assert.InRange(v, expected - 2 / 255f, expected + 2 / 255f));
        }
        Tensor small = ImageDecoder.Load(path, ColorMode.Grayscale, size: (4, 4));
        Assert.Equal(new[] { 1, 4, 4 }, small.ShapeArray());
        Assert.InRange((float)small[0, 1, 1], 122 / 255f, 126 / 255f); // a grey JPEG decode is the luma: 0.299·200 + 0.587·100 + 0.114·50 ≈ 124
    }

    [Fact]
    public void Unreadable_file_is_named_in_the_error()
    {
        using TempFolder tmp = MakeFolder();
        string bad = Path.Combine(tmp.Path, "cat", "broken.jpg");
        File.WriteAllBytes(bad, [0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3]);
        var ds = new ImageFolderDataset(tmp.Path);
        int index = ds.Samples.Select(s => s.Path).ToList().IndexOf(bad);
        Assert.True(index >= 0);
        var ex = Assert.Throws<InvalidDataException>(() => ds[index]);
        Assert.Contains("broken.jpg", ex.Message);
        var empty = new TempFolder();
        using (empty)
            Assert.Contains("no sub-folders", Assert.Throws<InvalidDataException>(() => new ImageFolderDataset(empty.Path)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => new ImageFolderDataset(Path.Combine(tmp.Path, "missing")));
    }

    [Fact]
    public void Decodes_with_augmentation_and_reports_throughput()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(tmp.Path, "a"));
        for (int i = 0; i < 64; i++)
            WritePng(Path.Combine(tmp.Path, "a", $"{i:D3}.png"), 32, 32, i);
        var ds = new ImageFolderDataset(tmp.Path);
        var aug = new AugmentedDataset(ds, new Compose(new RandomCrop(32, 32, 4), new RandomHorizontalFlip()), seed: 1);
        Assert.Equal(new[] { 3, 32, 32 }, aug[0].Input.ShapeArray()); // warm-up (JIT)
        var sw = Stopwatch.StartNew();
        const int rounds = 4;
        for (int round = 0; round < rounds; round++)
            for (int i = 0; i < ds.Count; i++)
                Assert.Equal(new[] { 3, 32, 32 }, ds[i].Input.ShapeArray());
        double decodeOnly = rounds * ds.Count / sw.Elapsed.TotalSeconds;
        sw.Restart();
        for (int round = 0; round < rounds; round++)
            for (int i = 0; i < ds.Count; i++)
                Assert.Equal(new[] { 3, 32, 32 }, aug[i].Input.ShapeArray());
        double withAugmentation = rounds * ds.Count / sw.Elapsed.TotalSeconds;
        output.WriteLine($"32×32 RGB PNG, one thread: {decodeOnly:F0} images/s decoded, {withAugmentation:F0} images/s decoded + crop + flip");
    }
}
