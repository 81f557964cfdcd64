using System.Buffers.Binary;
using System.IO.Compression;
using Glubina.Data;
using Glubina.Tensors;

namespace Glubina.Tests.Data;

public sealed class IdxTests
{
    // An IDX file: magic 0x0000TTDD, the dims big-endian, then the data.
    private static byte[] IdxBytes(byte typeCode, int[] shape, byte[] data)
    {
        var bytes = new List<byte> { 0, 0, typeCode, (byte)shape.Length };
        foreach (int d in shape)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(b, d);
            bytes.AddRange(b);
        }
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Gzip(byte[] bytes)
    {
        var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(bytes);
        return memory.ToArray();
    }

    [Fact]
    public void Unsigned_bytes_read_as_scaled_or_raw_floats_and_as_int64_from_plain_and_gzip_files()
    {
        using var dir = new TempFolder();
        byte[] idx = IdxBytes(0x08, [2, 3], [0, 1, 2, 128, 254, 255]);
        string plain = dir.File("a-idx2-ubyte");
        File.WriteAllBytes(plain, idx);
        string gz = dir.File("a-idx2-ubyte.gz");
        File.WriteAllBytes(gz, Gzip(idx));
        foreach (string path in new[] { plain, gz })
        {
            Tensor scaled = Idx.ReadImages(path);
            Assert.Equal(DType.Float32, scaled.DType);
            Assert.Equal([2, 3], scaled.ShapeArray());
            Assert.Equal(new[] { 0f, 1f / 255, 2f / 255, 128f / 255, 254f / 255, 1f }, scaled.ToArray<float>());
            Assert.Equal(new[] { 0f, 1, 2, 128, 254, 255 }, Idx.ReadImages(path, scale: false).ToArray<float>());
            Tensor labels = Idx.ReadLabels(path);
            Assert.Equal(DType.Int64, labels.DType);
            Assert.Equal([0L, 1, 2, 128, 254, 255], labels.ToArray<long>());
        }
    }

    [Fact]
    public void The_other_idx_types_are_read_big_endian()
    {
        var ints = new byte[12];
        BinaryPrimitives.WriteInt32BigEndian(ints, -7);
        BinaryPrimitives.WriteInt32BigEndian(ints.AsSpan(4), 70000);
        BinaryPrimitives.WriteInt32BigEndian(ints.AsSpan(8), int.MaxValue);
        Assert.Equal([-7L, 70000, int.MaxValue], Read(IdxBytes(0x0C, [3], ints)).ToArray<long>());

        var shorts = new byte[4];
        BinaryPrimitives.WriteInt16BigEndian(shorts, -300);
        BinaryPrimitives.WriteInt16BigEndian(shorts.AsSpan(2), 300);
        Assert.Equal([-300L, 300], Read(IdxBytes(0x0B, [2], shorts)).ToArray<long>());
        Assert.Equal([-1L, 127], Read(IdxBytes(0x09, [2], [0xFF, 0x7F])).ToArray<long>());

        var floats = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(floats, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(floats.AsSpan(4), -2.25f);
        Tensor f = Read(IdxBytes(0x0D, [1, 2], floats));
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal([1.5f, -2.25f], f.ToArray<float>());

        var doubles = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(doubles, Math.PI);
        Tensor d = Read(IdxBytes(0x0E, [1], doubles));
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(Math.PI, d.Item());
    }

    [Fact]
    public void A_bad_magic_number_is_an_error_naming_the_file_and_the_number()
    {
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 0]), "bad.idx"));
        Assert.Contains("bad.idx", e.Message);
        Assert.Contains("0x12340801", e.Message);
        Assert.Contains("0x00000803", e.Message);
        e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream([0, 0, 0x07, 0x01]), "type.idx"));
        Assert.Contains("0x00000701", e.Message);
    }

    [Fact]
    public void A_truncated_file_is_an_error_with_the_expected_and_actual_byte_counts()
    {
        byte[] full = IdxBytes(0x08, [10, 28, 28], new byte[7840]);
        byte[] cut = full[..1000];
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(cut), "cut-idx3-ubyte"));
        Assert.Contains("cut-idx3-ubyte", e.Message);
        Assert.Contains("7856", e.Message); // 16 + 7840
        Assert.Contains("1000", e.Message);

        // The same file gzipped: the decompressed size is reported.
        e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(Gzip(cut)), "cut.gz"));
        Assert.Contains("7856 decompressed bytes", e.Message);
        Assert.Contains("has 1000", e.Message);

        // A gzip stream cut short: still an error that names the file.
        byte[] gz = Gzip(IdxBytes(0x08, [1000, 28, 28], Enumerable.Range(0, 784000).Select(i => (byte)(i * 31 % 251)).ToArray()));
        e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(gz[..(gz.Length / 2)]), "half.gz"));
        Assert.Contains("half.gz", e.Message);

        e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream([0, 0]), "tiny"));
        Assert.Contains("at least 4", e.Message);
        e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream([.. full, 1, 2, 3]), "long"));
        Assert.Contains("7859", e.Message);
        Assert.Contains("7856", e.Message);
        Assert.Throws<FileNotFoundException>(() => Idx.Read("/no/such/file.idx"));
    }

    [Fact]
    public void Real_mnist_test_labels_and_images_have_the_published_shape_and_counts()
    {
        Tensor labels = Idx.ReadLabels(SharedData.PathOf("mnist", "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal([10000], labels.ShapeArray());
        long[] counts = new long[10];
        foreach (long l in labels.ToArray<long>())
            counts[l]++;
        Assert.Equal([980L, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], counts);
        Tensor images = Idx.ReadImages(SharedData.PathOf("mnist", "t10k-images-idx3-ubyte.gz"), scale: false);
        Assert.Equal([10000, 28, 28], images.ShapeArray());
        Assert.Equal(33.791, images.ToArray<float>().Average(v => (double)v), 3); // README: mean pixel of the test set
    }

    private static Tensor Read(byte[] bytes) => Idx.Read(new MemoryStream(bytes), "mem");
}
