using System.Text;
using Glubina.Serialization;
using Glubina.Tensors;
using static Glubina.Tests.Serialization.SafeTensorsTestFiles;

namespace Glubina.Tests.Serialization;

public sealed class SafeTensorsRoundTripTests
{
    private static SafeTensorsFile RoundTrip(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensors.Deserialize(SafeTensors.Serialize(tensors, metadata));

    private static void AssertSame(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.DType, actual.DType);
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        if (actual.Numel == 0)
            return; // ToArray of a [2, 0] tensor trips over ShapeMath.IsContiguous (reported to the lead)
        Assert.True(actual.IsContiguous);
        switch (expected.DType)
        {
            case DType.Float32: Assert.Equal(expected.ToArray<float>(), actual.ToArray<float>()); break;
            case DType.Float64: Assert.Equal(expected.ToArray<double>(), actual.ToArray<double>()); break;
            case DType.Int64: Assert.Equal(expected.ToArray<long>(), actual.ToArray<long>()); break;
            default: Assert.Equal(expected.ToArray<bool>(), actual.ToArray<bool>()); break;
        }
    }

    [Fact]
    public void Every_dtype_round_trips_including_extremes_and_large_tensors()
    {
        var g = new Generator(7);
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = Tensor.Randn([33, 17], g),
            ["f32.special"] = Tensor.FromArray([float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue]),
            ["f64"] = Tensor.Normal([5, 4, 3], generator: g, dtype: DType.Float64),
            ["f64.special"] = Tensor.FromArray([double.NaN, double.NegativeInfinity, -0.0, double.Epsilon, Math.PI]),
            ["i64"] = Tensor.FromArray([long.MinValue, -1L, 0L, 1L, long.MaxValue], 5),
            ["bool"] = Tensor.FromArray([true, false, true, true, false, false], 2, 3),
            ["big"] = Tensor.Rand([300, 301], g),
        };
        var file = RoundTrip(tensors);
        Assert.Equal(tensors.Count, file.Count);
        foreach (var (name, t) in tensors)
            AssertSame(t, file[name]);
        Assert.Equal("F32", file.StoredDType("f32"));
        Assert.Equal("F64", file.StoredDType("f64"));
        Assert.Equal("I64", file.StoredDType("i64"));
        Assert.Equal("BOOL", file.StoredDType("bool"));
        // NaN payload and the sign of zero survive (bitwise equal).
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(file["f32.special"].ToArray<float>()[3]));
    }

    [Fact]
    public void Zero_dim_and_empty_tensors_round_trip_with_their_shapes()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["s.f32"] = Tensor.Scalar(2.5),
            ["s.f64"] = Tensor.Scalar(-1.25, DType.Float64),
            ["s.i64"] = Tensor.Scalar(9, DType.Int64),
            ["s.bool"] = Tensor.Scalar(1, DType.Bool),
            ["e.f32"] = Tensor.Zeros(0),
            ["e.f64"] = Tensor.Zeros([3, 0, 2], DType.Float64),
            ["e.i64"] = Tensor.Zeros([0, 5], DType.Int64),
            ["e.bool"] = Tensor.Zeros([2, 0], DType.Bool),
        };
        var file = RoundTrip(tensors);
        foreach (var (name, t) in tensors)
            AssertSame(t, file[name]);
        Assert.Equal(0, file["s.i64"].Rank);
        Assert.Equal(9.0, file["s.i64"].Item());
    }

    [Fact]
    public void Tensors_are_ordered_as_the_reference_writer_orders_them()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["b"] = Tensor.Zeros(1),
            ["flag"] = Tensor.Zeros([3], DType.Bool),
            ["a"] = Tensor.Zeros(2),
            ["count"] = Tensor.Zeros([], DType.Int64),
            ["z64"] = Tensor.Zeros([1], DType.Float64),
            ["A"] = Tensor.Zeros(1),
            ["é"] = Tensor.Zeros(1),
            ["😀"] = Tensor.Zeros(1),
            ["\uFF21"] = Tensor.Zeros(1), // U+FF21 sorts before U+1F600 in UTF-8 (but not in UTF-16 code units)
        };
        var file = RoundTrip(tensors);
        Assert.Equal(["count", "z64", "A", "a", "b", "é", "\uFF21", "😀", "flag"], file.Names);
    }

    [Fact]
    public void Byte_layout_matches_the_reference_implementations_own_test_vectors()
    {
        // safetensors' unit tests: "attn.0" F32 [1,2,3] = 0..5 → a 64-byte header (no padding), then the floats.
        byte[] one = SafeTensors.Serialize(new Dictionary<string, Tensor> { ["attn.0"] = Tensor.Arange(0, 6).Reshape(1, 2, 3) });
        Assert.Equal(Build("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", F32Bytes(0, 1, 2, 3, 4, 5)), one);
        Assert.Equal(64, one[0]);

        // "attn0" [1,1,2,3]: a 65-byte header padded with 7 spaces to 72.
        byte[] padded = SafeTensors.Serialize(new Dictionary<string, Tensor> { ["attn0"] = Tensor.Arange(0, 6).Reshape(1, 1, 2, 3) });
        Assert.Equal(72, padded[0]);
        Assert.Equal("       ", Encoding.ASCII.GetString(padded, 8 + 65, 7));

        // No tensors: "{}" and six spaces; with metadata {"framework": "pt"}: 35 bytes padded to 40.
        Assert.Equal([8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 32, 32, 32, 32, 32, 32], SafeTensors.Serialize(new Dictionary<string, Tensor>()));
        byte[] meta = SafeTensors.Serialize(new Dictionary<string, Tensor>(), new Dictionary<string, string> { ["framework"] = "pt" });
        Assert.Equal(Build("{\"__metadata__\":{\"framework\":\"pt\"}}"), meta);
        Assert.Equal(40, meta[0]);
    }

    [Fact]
    public void Metadata_round_trips_in_order_and_absent_differs_from_empty()
    {
        var t = new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(2) };
        Assert.Null(RoundTrip(t).Metadata);
        var empty = RoundTrip(t, new Dictionary<string, string>());
        Assert.NotNull(empty.Metadata);
        Assert.Empty(empty.Metadata);

        var metadata = new List<KeyValuePair<string, string>>
        {
            new("format", "pt"), new("epoch", "12"), new("note", "ünïcode ✓ \"quoted\" \\ \n\t\u0002"), new("", ""), new("a", "1"),
        };
        var file = RoundTrip(t, new OrderedDictionary<string, string>(metadata));
        Assert.Equal(metadata, file.Metadata!.ToList());
    }

    [Fact]
    public void Unicode_and_escaped_names_round_trip()
    {
        string[] names = ["слой.вес", "层.偏置", "emoji😀.w", "quote\"back\\slash", "ctl\n\r\t\b\f\u0000\u001f\u007f", "", "__metadata", "a.b.c"];
        var tensors = names.Select((n, i) => (n, Tensor.Full([i + 1], i))).ToDictionary(p => p.n, p => p.Item2);
        var file = RoundTrip(tensors);
        Assert.Equal(names.Order(StringComparer.Ordinal), file.Names.Order(StringComparer.Ordinal));
        foreach (var (name, t) in tensors)
            AssertSame(t, file[name]);
    }

    [Fact]
    public void Non_contiguous_views_are_written_in_row_major_order()
    {
        var matrix = Tensor.Arange(0, 12).Reshape(3, 4);
        var cube = Tensor.Arange(0, 60, 1, DType.Float64).Reshape(3, 4, 5);
        var mask = Tensor.FromArray([true, false, false, true, true, true], 2, 3);
        var views = new Dictionary<string, Tensor>
        {
            ["transposed"] = matrix.T,
            ["narrowed"] = matrix.Narrow(1, 1, 2),
            ["selected"] = cube.Select(2, 3),
            ["permuted"] = cube.Permute(2, 0, 1),
            ["expanded"] = Tensor.Arange(3).Reshape(3, 1).Expand(3, 4),
            ["mask.t"] = mask.T,
            ["offset"] = matrix.Narrow(0, 1, 2), // contiguous, but starts inside its storage
        };
        Assert.False(views["transposed"].IsContiguous);
        var file = RoundTrip(views);
        foreach (var (name, view) in views)
            AssertSame(view.Contiguous(), file[name]);
        Assert.Equal([0f, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], file["transposed"].ToArray<float>());
    }

    [Fact]
    public void Parameters_that_require_grad_save_and_loaded_tensors_are_independent_copies()
    {
        var w = Tensor.Randn([4, 3], new Generator(1)).RequiresGrad_();
        var file = RoundTrip(new Dictionary<string, Tensor> { ["w"] = w });
        AssertSame(w.Detach(), file["w"]);
        Assert.False(file["w"].RequiresGrad);
        file["w"].FillInPlace(0);
        Assert.NotEqual(0f, w.ToArray<float>()[0]);
    }

    [Fact]
    public void Stream_overloads_work_at_an_offset_and_on_streams_that_cannot_seek()
    {
        var tensors = new Dictionary<string, Tensor> { ["x"] = Tensor.Arange(0, 5), ["i"] = Tensor.Arange(3) };
        using var stream = new MemoryStream();
        stream.Write("prefix"u8);
        SafeTensors.Save(stream, tensors, new Dictionary<string, string> { ["k"] = "v" });
        Assert.True(stream.CanWrite); // not closed

        stream.Position = 6;
        var file = SafeTensors.Load(stream, "in-memory");
        Assert.Equal("in-memory", file.Source);
        AssertSame(tensors["x"], file["x"]);
        Assert.Equal("v", file.Metadata!["k"]);

        var forwardOnly = new ForwardOnlyStream(stream.ToArray()[6..]);
        AssertSame(tensors["i"], SafeTensors.Load(forwardOnly)["i"]);
    }

    [Fact]
    public void Save_and_Load_by_path_and_the_result_names_missing_tensors()
    {
        using var folder = new TempFolder();
        string path = folder.File("weights.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(2), ["b"] = Tensor.Zeros(1) });
        var file = SafeTensors.Load(path);
        Assert.Equal(path, file.Source);
        Assert.Equal(["weights.safetensors"], folder.Entries());
        var e = Assert.Throws<KeyNotFoundException>(() => file["c"]);
        Assert.Contains("no tensor named 'c'; it has 'a', 'b'", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Throws<KeyNotFoundException>(() => file.StoredDType("c"));
    }

    [Fact]
    public void Save_refuses_names_and_metadata_that_cannot_be_stored()
    {
        var ok = Tensor.Ones(1);
        var reserved = Assert.Throws<ArgumentException>(() => SafeTensors.Serialize(new Dictionary<string, Tensor> { ["__metadata__"] = ok }));
        Assert.Contains("'__metadata__' is reserved", reserved.Message);
        var surrogate = Assert.Throws<ArgumentException>(() => SafeTensors.Serialize(new Dictionary<string, Tensor> { ["bad\uD800"] = ok }));
        Assert.Contains("lone surrogate", surrogate.Message);
        var nullValue = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Serialize(new Dictionary<string, Tensor> { ["w"] = ok }, new Dictionary<string, string> { ["k"] = null! }));
        Assert.Contains("metadata value of 'k' is null", nullValue.Message);
        var nullTensor = Assert.Throws<ArgumentException>(() => SafeTensors.Serialize(new Dictionary<string, Tensor> { ["w"] = null! }));
        Assert.Contains("tensor 'w' is null", nullTensor.Message);

        using var folder = new TempFolder();
        Assert.Throws<DirectoryNotFoundException>(() =>
            SafeTensors.Save(folder.File("missing/w.safetensors"), new Dictionary<string, Tensor> { ["w"] = ok }));
        var notFound = Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(folder.File("nope.safetensors")));
        Assert.Contains("nope.safetensors", notFound.Message);
    }

    /// <summary>A read-only stream without seeking, length or position (a network or pipe stream).</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        // Hands out at most 7 bytes a call, so readers must loop.
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
