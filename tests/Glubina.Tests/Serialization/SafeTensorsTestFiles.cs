using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Glubina.Tensors;

namespace Glubina.Tests.Serialization;

/// <summary>Fixture access (tests/fixtures/safetensors, written by tools/reference/make_safetensors_fixtures.py
/// with PyTorch) and helpers that build safetensors bytes by hand for the validation tests.</summary>
public static class SafeTensorsTestFiles
{
    public sealed record ModelFixture(string[] Keys, Tensor Input, float[] Logits, int[] LogitsShape);

    public sealed record ValuesFixture(Dictionary<string, string>? Metadata, ValuesEntry[] Tensors);

    public sealed record ValuesEntry(string Name, string DType, int[] Shape, JsonElement[] Data);

    public static string Fixture(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "safetensors", name);

    public static ModelFixture ReadModel(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture(name)));
        var root = doc.RootElement;
        string[] keys = root.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
        var (inputShape, input) = ReadF32(root.GetProperty("input"));
        var (logitsShape, logits) = ReadF32(root.GetProperty("logits"));
        return new ModelFixture(keys, Tensor.FromArray(input, inputShape), logits, logitsShape);
    }

    public static ValuesFixture ReadValues(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture(name)));
        var root = doc.RootElement;
        Dictionary<string, string>? metadata = root.GetProperty("metadata").ValueKind == JsonValueKind.Null
            ? null
            : root.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var tensors = root.GetProperty("tensors").EnumerateArray().Select(t => new ValuesEntry(
            t.GetProperty("name").GetString()!,
            t.GetProperty("dtype").GetString()!,
            t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
            t.GetProperty("data").EnumerateArray().Select(d => d.Clone()).ToArray())).ToArray();
        return new ValuesFixture(metadata, tensors);
    }

    // float32 values are written as the shortest text that round-trips the float: parse as float, not double.
    public static float ParseF32(JsonElement e) => float.Parse(e.GetRawText(), CultureInfo.InvariantCulture);

    private static (int[] Shape, float[] Data) ReadF32(JsonElement e) => (
        e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
        e.GetProperty("data").EnumerateArray().Select(ParseF32).ToArray());

    /// <summary>A safetensors file from a header text (padded with spaces to 8 bytes unless told otherwise) and data.</summary>
    public static byte[] Build(string header, byte[]? data = null, bool pad = true)
    {
        byte[] text = Encoding.UTF8.GetBytes(header);
        int padding = pad ? (8 - text.Length % 8) % 8 : 0;
        return BuildRaw((ulong)(text.Length + padding), [.. text, .. Enumerable.Repeat((byte)' ', padding), .. data ?? []]);
    }

    /// <summary>An 8-byte little-endian length followed by <paramref name="rest"/>, whatever the length says.</summary>
    public static byte[] BuildRaw(ulong headerLength, byte[] rest)
    {
        var bytes = new byte[8 + rest.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength);
        rest.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] F32Bytes(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    /// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder() => Directory.CreateDirectory(Root);

        public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "glubina-st-" + Guid.NewGuid().ToString("N"));

        public string File(string name) => System.IO.Path.Combine(Root, name);

        public string[] Entries() => Directory.GetFileSystemEntries(Root).Select(System.IO.Path.GetFileName).ToArray()!;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
