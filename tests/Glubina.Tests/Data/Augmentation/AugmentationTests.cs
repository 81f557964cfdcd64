using Glubina.Data;
using Glubina.Data.Augmentation;
using Glubina.Tensors;

namespace Glubina.Tests.Data.Augmentation;

public sealed class AugmentationTests
{
    // A [C, H, W] image whose every pixel is distinct: value = c·1000 + y·100 + x (x, y < 100).
    private static Tensor Ramp(int c, int h, int w)
    {
        var data = new float[c * h * w];
        for (int k = 0; k < c; k++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    data[(k * h + y) * w + x] = k * 1000 + y * 100 + x;
        return Tensor.FromArray(data, c, h, w);
    }

    private static float At(Tensor t, int c, int y, int x) => (float)t[c, y, x];

    [Fact]
    public void Flip_twice_is_identity_and_mirrors_columns()
    {
        Tensor img = Ramp(3, 5, 7);
        Tensor once = RandomHorizontalFlip.Flip(img);
        Assert.Equal(img.ToArray<float>(), RandomHorizontalFlip.Flip(once).ToArray<float>());
        Assert.Equal(At(img, 2, 3, 0), At(once, 2, 3, 6));
        Assert.Equal(At(img, 1, 4, 6), At(once, 1, 4, 0));
        var g = new Generator(1);
        var always = new RandomHorizontalFlip(1);
        Assert.Equal(img.ToArray<float>(), always.Apply(always.Apply(img, g), g).ToArray<float>());
        Assert.Equal(img.ToArray<float>(), new RandomHorizontalFlip(0).Apply(img, g).ToArray<float>());
    }

    [Fact]
    public void Flip_probability_is_respected()
    {
        Tensor img = Ramp(1, 2, 3);
        var flip = new RandomHorizontalFlip(0.3);
        var g = new Generator(7);
        int flipped = 0;
        const int n = 4000;
        for (int i = 0; i < n; i++)
            if (At(flip.Apply(img, g), 0, 0, 0) != At(img, 0, 0, 0))
                flipped++;
        // Binomial(4000, 0.3): sd ≈ 29; allow 4 sd.
        Assert.InRange(flipped, 1200 - 116, 1200 + 116);
    }

    [Fact]
    public void Random_crop_keeps_size_and_cuts_a_window_of_the_padded_image()
    {
        Tensor img = Ramp(2, 8, 8);
        var crop = new RandomCrop(8, 8, padding: 2);
        var g = new Generator(3);
        var offsets = new HashSet<(int, int)>();
        for (int i = 0; i < 400; i++)
        {
            Tensor c = crop.Apply(img, g);
            Assert.Equal(new[] { 2, 8, 8 }, c.ShapeArray());
            // Find the offset from a pixel that is inside the image in every crop: the centre.
            (int dy, int dx) = FindOffset(img, c);
            Assert.InRange(dy, -2, 2);
            Assert.InRange(dx, -2, 2);
            offsets.Add((dy, dx));
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++)
                {
                    int sy = y + dy, sx = x + dx;
                    float expected = sy is >= 0 and < 8 && sx is >= 0 and < 8 ? At(img, 1, sy, sx) : 0f;
                    Assert.Equal(expected, At(c, 1, y, x));
                }
        }
        Assert.Equal(25, offsets.Count);
    }

    private static (int, int) FindOffset(Tensor img, Tensor crop)
    {
        float v = At(crop, 0, 4, 4);
        int y = (int)(v / 100), x = (int)(v % 100);
        return (y - 4, x - 4);
    }

    [Fact]
    public void Reflect_and_edge_padding_match_torchvision()
    {
        // One row 1 2 3 4: reflect pad 2 → 3 2 | 1 2 3 4 | 3 2; edge → 1 1 | 1 2 3 4 | 4 4.
        Tensor row = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 1, 3, 4);
        var reflect = new RandomCrop(3, 8, padding: 2, PaddingMode.Reflect);
        Assert.Equal(new float[] { 3, 2, 1, 2, 3, 4, 3, 2 }, reflect.Crop(row, 0, -2).ToArray<float>()[..8]);
        var edge = new RandomCrop(3, 8, padding: 2, PaddingMode.Edge);
        Assert.Equal(new float[] { 1, 1, 1, 2, 3, 4, 4, 4 }, edge.Crop(row, 0, -2).ToArray<float>()[..8]);
        // Vertical reflect: the row above row 0 is row 1.
        Assert.Equal(new float[] { 5, 6, 7, 8 }, new RandomCrop(1, 4, 1, PaddingMode.Reflect).Crop(row, -1, 0).ToArray<float>());
        Assert.Equal(new float[] { 0, 0, 0, 0 }, new RandomCrop(1, 4, 2).Crop(row, -1, 0).ToArray<float>());
        var ex = Assert.Throws<ArgumentException>(() => new RandomCrop(9, 9, padding: 2).Apply(row, new Generator(1)));
        Assert.Contains("smaller than the crop 9×9", ex.Message);
    }

    [Fact]
    public void Affine_right_angle_and_shifts_are_exact()
    {
        Tensor img = Ramp(2, 6, 6);
        foreach (Interpolation mode in new[] { Interpolation.Nearest, Interpolation.Bilinear })
        {
            Tensor r = RandomAffine.Transform(img, 90, interpolation: mode);
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 6; x++)
                    Assert.Equal(At(img, 1, x, 5 - y), At(r, 1, y, x)); // counter-clockwise: out[y, x] = in[x, N-1-y]
            Assert.Equal(img.ToArray<float>(), RandomAffine.Transform(img, 0, interpolation: mode).ToArray<float>());
            Tensor s = RandomAffine.Transform(img, 0, dx: 2, dy: -1, interpolation: mode, fill: -1);
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 6; x++)
                {
                    int sy = y + 1, sx = x - 2;
                    float expected = sy is >= 0 and < 6 && sx is >= 0 and < 6 ? At(img, 0, sy, sx) : -1f;
                    Assert.Equal(expected, At(s, 0, y, x));
                }
        }
    }

    [Fact]
    public void Affine_bilinear_half_pixel_shift_averages_neighbours()
    {
        Tensor img = Ramp(1, 4, 4);
        Tensor s = RandomAffine.Transform(img, 0, dx: 0.5, interpolation: Interpolation.Bilinear);
        // Output x reads source x − 0.5: the mean of columns x−1 and x.
        Assert.Equal((At(img, 0, 2, 1) + At(img, 0, 2, 2)) / 2, At(s, 0, 2, 2), 4);
    }

    [Fact]
    public void Random_affine_stays_in_its_ranges_and_keeps_shape()
    {
        Tensor img = Ramp(1, 10, 10);
        var affine = new RandomAffine(degrees: 0, translate: (0.2, 0.2), interpolation: Interpolation.Nearest, fill: -5);
        var g = new Generator(11);
        var shifts = new HashSet<(int, int)>();
        for (int i = 0; i < 300; i++)
        {
            Tensor o = affine.Apply(img, g);
            Assert.Equal(new[] { 1, 10, 10 }, o.ShapeArray());
            float centre = At(o, 0, 5, 5);
            int sy = (int)(centre / 100), sx = (int)(centre % 100);
            shifts.Add((5 - sy, 5 - sx));
        }
        // Shifts are whole pixels in [−2, 2] (0.2 · 10) on each axis.
        Assert.All(shifts, s => Assert.True(Math.Abs(s.Item1) <= 2 && Math.Abs(s.Item2) <= 2, $"shift {s}"));
        Assert.True(shifts.Count >= 20, $"only {shifts.Count} distinct shifts");
        // A rotation keeps the mean of a constant image inside the disc (no fill there).
        Tensor ones = Tensor.Ones(1, 9, 9);
        Tensor rot = new RandomAffine(30).Apply(ones, g);
        Assert.Equal(1f, At(rot, 0, 4, 4), 5);
    }

    [Fact]
    public void Gaussian_noise_has_the_requested_moments()
    {
        Tensor img = Tensor.Full([3, 64, 64], 0.5);
        Tensor noisy = new GaussianNoise(std: 0.1).Apply(img, new Generator(5));
        float[] d = noisy.ToArray<float>().Select(v => v - 0.5f).ToArray();
        double mean = d.Average(), std = Math.Sqrt(d.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.004, 0.004); // 4 standard errors of 0.1/√12288
        Assert.InRange(std, 0.097, 0.103);
        Tensor clipped = new GaussianNoise(std: 2, clip: true).Apply(img, new Generator(5));
        Assert.All(clipped.ToArray<float>(), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Random_erasing_area_and_shape_stay_within_bounds()
    {
        var erase = new RandomErasing(p: 1, value: -7);
        var g = new Generator(9);
        Tensor img = Tensor.Ones(3, 32, 32);
        int area = 32 * 32;
        var fractions = new List<double>();
        for (int i = 0; i < 500; i++)
        {
            Tensor o = erase.Apply(img, g);
            float[] p = o.ToArray<float>();
            int erased = p.Take(area).Count(v => v == -7);
            // Every channel is erased in the same rectangle.
            Assert.Equal(erased, p.Skip(area).Take(area).Count(v => v == -7));
            Assert.Equal(erased, p.Skip(2 * area).Count(v => v == -7));
            Assert.All(p, v => Assert.True(v == 1 || v == -7));
            if (erased == 0)
                continue;
            // Rounding h and w to whole pixels moves the area by at most about (h + w)/2 + 1/4 pixels.
            Assert.InRange(erased, 0.02 * area - 24, 0.33 * area + 24);
            fractions.Add((double)erased / area);
        }
        Assert.True(fractions.Count > 450, $"only {fractions.Count} of 500 draws erased a box");
        // Scale is uniform on [0.02, 0.33]: mean ≈ 0.175.
        Assert.InRange(fractions.Average(), 0.15, 0.20);
        Assert.Equal(img.ToArray<float>(), new RandomErasing(p: 0).Apply(img, g).ToArray<float>());
    }

    [Fact]
    public void Random_erasing_box_is_a_rectangle_inside_the_image()
    {
        var erase = new RandomErasing(p: 1);
        var g = new Generator(2);
        for (int i = 0; i < 200; i++)
        {
            var box = erase.FindBox(20, 30, g);
            Assert.NotNull(box);
            var (top, left, h, w) = box.Value;
            Assert.True(top >= 0 && left >= 0 && top + h <= 20 && left + w <= 30, $"box {box} outside 20×30");
            double ratio = (double)h / w;
            Assert.InRange(ratio, 0.3 * 0.5, 3.3 * 2); // rounding of small boxes widens the ratio range
        }
    }

    [Fact]
    public void Normalize_fitted_on_data_gives_zero_mean_unit_std()
    {
        var g = new Generator(4);
        Tensor x = Tensor.Rand([50, 3, 8, 8], g);
        // Give the channels different ranges.
        var data = x.ToArray<float>();
        for (int i = 0; i < data.Length; i++)
            data[i] = data[i] * ((i / 64 % 3) + 1) + (i / 64 % 3);
        var ds = new TensorDataset(Tensor.FromArray(data, 50, 3, 8, 8), Tensor.Zeros(50));
        Normalize norm = Normalize.Fit(ds);
        Assert.InRange(norm.Mean[2], 3.4f, 3.6f); // U(0, 1) · 3 + 2
        var sums = new double[3];
        var sq = new double[3];
        for (int i = 0; i < ds.Count; i++)
        {
            float[] p = norm.Apply(ds[i].Input).ToArray<float>();
            for (int k = 0; k < p.Length; k++)
            {
                sums[k / 64] += p[k];
                sq[k / 64] += (double)p[k] * p[k];
            }
        }
        int n = 50 * 64;
        for (int c = 0; c < 3; c++)
        {
            Assert.InRange(sums[c] / n, -1e-4, 1e-4);
            Assert.InRange(Math.Sqrt(sq[c] / n - Math.Pow(sums[c] / n, 2)), 0.9999, 1.0001);
        }
        Normalize back = Normalize.FromJson(norm.ToJson());
        Assert.Equal(norm.Mean, back.Mean);
        Assert.Equal(norm.Std, back.Std);
        var ex = Assert.Throws<ArgumentException>(() => norm.Apply(Tensor.Zeros(1, 8, 8)));
        Assert.Contains("1 channels", ex.Message);
    }

    [Fact]
    public void Augmented_loader_is_reproducible_and_changes_per_epoch()
    {
        Tensor images = Tensor.Rand([20, 3, 12, 12], new Generator(8));
        var ds = new TensorDataset(images, Tensor.Arange(20));
        var pipeline = new Compose(new RandomCrop(12, 12, 2, PaddingMode.Reflect), new RandomHorizontalFlip(),
            new RandomAffine(10, (0.1, 0.1)), new GaussianNoise(0.05), new RandomErasing(0.5), new Normalize([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]));

        List<float[]> Run(ulong seed)
        {
            var aug = new AugmentedDataset(ds, pipeline, seed);
            var loader = new DataLoader(aug, batchSize: 8, shuffle: true, generator: new Generator(1), prefetch: 2);
            var result = new List<float[]>();
            for (int epoch = 0; epoch < 2; epoch++)
                foreach (Batch b in loader)
                    using (b)
                    {
                        Assert.Equal(new[] { b.Count, 3, 12, 12 }, b.Inputs.ShapeArray());
                        result.Add(b.Inputs.ToArray<float>());
                    }
            return result;
        }

        List<float[]> a = Run(42), b = Run(42), c = Run(43);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
            Assert.Equal(a[i], b[i]);
        Assert.NotEqual(a[0], c[0]);
        var same = new AugmentedDataset(ds, pipeline, 42);
        Assert.NotEqual(same.Get(3, 0).Input.ToArray<float>(), same.Get(3, 1).Input.ToArray<float>());
        Assert.Equal(same[3].Input.ToArray<float>(), same.Get(3, 0).Input.ToArray<float>());
        Assert.Equal(3L, (long)same[3].Target.Item());
    }
}
