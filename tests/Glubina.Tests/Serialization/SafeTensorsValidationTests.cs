using System.Text;
using Glubina.Serialization;
using Glubina.Tensors;
using static Glubina.Tests.Serialization.SafeTensorsTestFiles;

namespace Glubina.Tests.Serialization;

/// <summary>Damaged and hostile files: each is refused with an <see cref="InvalidDataException"/> naming the file
/// and the problem, before anything is allocated from the header's claims; never another exception.</summary>
public sealed class SafeTensorsValidationTests
{
    private const string JsonChars = "0123456789[]{},:\"-. e";

    private static string F32(string name, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"F32\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    private static InvalidDataException Refused(byte[] bytes, string expectedFragment)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(bytes, "bad.safetensors"));
        Assert.StartsWith("safetensors file 'bad.safetensors': ", e.Message);
        Assert.Contains(expectedFragment, e.Message);
        return e;
    }

    public static TheoryData<string, byte[], string> Cases() => new()
    {
        { "empty file", [], "is 0 bytes long, shorter than the 8-byte header length" },
        { "7 bytes", [1, 2, 3, 4, 5, 6, 7], "is 7 bytes long" },
        { "header length absurd", BuildRaw(200_000_000, new byte[16]), "header length is 200000000 bytes, more than the 100000000 accepted" },
        { "header length u64 max", BuildRaw(ulong.MaxValue, new byte[16]), "header length is 18446744073709551615 bytes, more than" },
        { "header length past the file", BuildRaw(1000, Encoding.UTF8.GetBytes("{}      ")), "header length is 1000 bytes, but only 8 bytes follow" },
        { "header not UTF-8", BuildRaw(8, [(byte)'{', 0xFF, (byte)'}', 32, 32, 32, 32, 32]), "not valid UTF-8 (bad byte at offset 9)" },
        { "header not JSON", Build("{\"a\":{\"dtype\":"), "the header is not valid JSON" },
        { "header truncated JSON", Build("{\"a\"", pad: false), "the header is not valid JSON" },
        { "header with a BOM", Build("\uFEFF{}"), "the header is not valid JSON" },
        { "header an array", Build("[]"), "the header must be a JSON object, got an array" },
        { "header a number", Build("12345678"), "got the number 12345678" },
        { "unknown dtype", Build("{\"w\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,1]}}", [0]), "tensor 'w' has the unknown dtype 'Q7'" },
        { "unsupported dtype", Build("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", [0]), "has dtype F8_E4M3, which Glubina cannot load" },
        { "U64 refused", Build("{\"w\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]), "dtype U64, which Glubina cannot load" },
        { "dtype not a string", Build("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "\"dtype\" must be a string, got the number 4" },
        { "missing shape", Build("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]), "tensor 'w' has no \"shape\"" },
        { "missing offsets", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]), "tensor 'w' has no \"data_offsets\"" },
        { "entry not an object", Build("{\"w\":[1,2]}"), "tensor 'w' must be an object with dtype, shape and data_offsets, got an array" },
        { "negative dim", Build("{" + F32("w", "[2,-3]", 0, 24) + "}", new byte[24]), "shape [2,-3] has the negative size -3 in dim 1" },
        { "fractional dim", Build("{" + F32("w", "[1.5]", 0, 4) + "}", new byte[4]), "must hold integers, dim 0 is 1.5" },
        { "string dim", Build("{" + F32("w", "[\"4\"]", 0, 16) + "}", new byte[16]), "must hold integers, dim 0 is \"4\"" },
        { "dim past int", Build("{" + F32("w", "[2147483648]", 0, 4) + "}", new byte[4]), "has size 2147483648 in dim 0, more than Glubina's limit" },
        { "dim past i64", Build("{" + F32("w", "[99999999999999999999999]", 0, 4) + "}", new byte[4]), "must hold integers" },
        { "too many elements", Build("{" + F32("w", "[65536,65536]", 0, 4) + "}", new byte[4]), "has more than 2147483591 elements" },
        { "offsets mismatch shape", Build("{" + F32("w", "[2,3]", 0, 20) + "}", new byte[20]), "data_offsets [0,20] span 20 bytes, but F32 [2, 3] needs 6 × 4 = 24 bytes" },
        { "offsets one number", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}", new byte[4]), "data_offsets must be [begin, end], got [4]" },
        { "offsets three numbers", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", new byte[8]), "must be [begin, end]" },
        { "negative offset", Build("{" + F32("w", "[1]", -4, 0) + "}", new byte[4]), "data_offsets [-4,0] must be non-negative integers" },
        { "end before begin", Build("{" + F32("w", "[1]", 8, 4) + "}", new byte[8]), "data_offsets [8,4] end before they begin" },
        { "huge offsets", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[18446744073709551611,18446744073709551615]}}", new byte[4]), "lie beyond the end of any file" },
        { "offsets past the buffer", Build("{" + F32("w", "[6]", 0, 24) + "}", new byte[16]), "tensor 'w' at [0, 24] extends past the end of the data buffer (16 bytes" },
        { "overlap", Build("{" + F32("a", "[2]", 0, 8) + "," + F32("b", "[2]", 4, 12) + "}", new byte[12]), "tensor 'b' at [4, 12] overlaps tensor 'a' at [0, 8]" },
        { "same range twice", Build("{" + F32("a", "[2]", 0, 8) + "," + F32("b", "[2]", 0, 8) + "}", new byte[8]), "overlaps tensor 'a'" },
        { "hole", Build("{" + F32("a", "[2]", 0, 8) + "," + F32("b", "[2]", 12, 20) + "}", new byte[20]), "tensor 'b' starts at byte 12, but the previous tensor ('a') ends at 8" },
        { "hole at the start", Build("{" + F32("a", "[2]", 4, 12) + "}", new byte[12]), "tensor 'a' starts at byte 4, but the previous tensor ends at 0" },
        { "trailing bytes", Build("{" + F32("a", "[2]", 0, 8) + "}", new byte[11]), "the tensors cover 8 bytes, but 11 bytes follow the header: 3 trailing bytes" },
        { "data but no tensors", Build("{}", new byte[4]), "the tensors cover 0 bytes, but 4 bytes follow" },
        { "duplicate names", Build("{" + F32("a", "[1]", 0, 4) + "," + F32("a", "[1]", 4, 8) + "}", new byte[8]), "the header names 'a' twice" },
        { "duplicate metadata", Build("{\"__metadata__\":{},\"__metadata__\":{}}"), "names '__metadata__' twice" },
        { "duplicate metadata key", Build("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}"), "the metadata names 'k' twice" },
        { "metadata not an object", Build("{\"__metadata__\":\"pt\"}"), "'__metadata__' must be an object of strings, got the string \"pt\"" },
        { "metadata value not a string", Build("{\"__metadata__\":{\"epoch\":3}}"), "metadata value 'epoch' must be a string, got the number 3" },
        { "too deep", Build(new string('[', 100) + new string(']', 100)), "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_file_is_refused_with_the_problem_named(string name, byte[] bytes, string expectedFragment)
    {
        Assert.NotEmpty(name);
        Refused(bytes, expectedFragment);
    }

    [Fact]
    public void Errors_name_the_file_path()
    {
        using var folder = new TempFolder();
        string path = folder.File("broken.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains($"safetensors file '{path}'", e.Message);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_refused()
    {
        byte[] bytes = File.ReadAllBytes(Fixture("dtypes.safetensors"));
        long headerEnd = 8 + BitConverter.ToInt64(bytes, 0);
        for (int length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(bytes[..length], "cut.safetensors"));
            if (length >= headerEnd)
                Assert.Contains("extends past the end of the data buffer", e.Message);
        }
        // From a stream that cannot seek too.
        var cut = bytes[..(bytes.Length - 3)];
        Assert.Throws<InvalidDataException>(() => SafeTensors.Load(new NonSeekable(cut)));
    }

    [Fact]
    public void A_truncated_pytorch_checkpoint_on_disk_is_refused_and_names_the_tensor()
    {
        using var folder = new TempFolder();
        string path = folder.File("mlp-cut.safetensors");
        byte[] bytes = File.ReadAllBytes(Fixture("mlp.safetensors"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("the file is truncated, or the offsets are wrong", e.Message);
        Assert.Contains("tensor '0.weight'", e.Message); // the largest tensor is the one cut
    }

    [Fact]
    public void Random_damage_never_escapes_as_another_exception()
    {
        byte[] original = File.ReadAllBytes(Fixture("dtypes.safetensors"));
        int headerEnd = 8 + (int)BitConverter.ToInt64(original, 0);
        var random = new Random(1234);
        int refused = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                // Mostly the length and header, where the damage is interesting.
                int at = random.Next(4) == 0 ? random.Next(bytes.Length) : random.Next(Math.Min(headerEnd, bytes.Length));
                bytes[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)JsonChars[random.Next(JsonChars.Length)];
            }
            try
            {
                SafeTensors.Deserialize(bytes, "fuzz");
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }
        Assert.True(refused > 1000, $"only {refused} of 3000 damaged files were refused");

        for (int trial = 0; trial < 300; trial++)
        {
            var noise = new byte[random.Next(64)];
            random.NextBytes(noise);
            Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize([.. BitConverter.GetBytes((long)noise.Length), .. noise]));
        }
    }

    [Fact]
    public void Other_valid_layouts_load_bools_are_normalised_and_unsigned_ints_widen()
    {
        // Header order need not follow offset order, an unpadded header is fine, unknown entry fields are ignored.
        byte[] bytes = Build(
            "{\"b\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[12,15]}," +
            "\"u32\":{\"dtype\":\"U32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":true}," +
            "\"u16\":{\"dtype\":\"U16\",\"shape\":[2],\"data_offsets\":[8,12]}}",
            [0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, 0xFF, 0xFF, 2, 0, 0, 7, 1], pad: false);
        var file = SafeTensors.Deserialize(bytes);
        Assert.Equal(["u32", "u16", "b"], file.Names); // data order
        Assert.Equal([4294967295L, 1L], file["u32"].ToArray<long>());
        Assert.Equal([65535L, 2L], file["u16"].ToArray<long>());
        Assert.Equal([false, true, true], file["b"].ToArray<bool>());
        Assert.Equal("U32", file.StoredDType("u32"));
        Assert.Equal(DType.Int64, file["u16"].DType);
    }

    private sealed class NonSeekable(byte[] data) : Stream
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

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
