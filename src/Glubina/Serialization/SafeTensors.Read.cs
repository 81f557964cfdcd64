using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Glubina.Tensors;

namespace Glubina.Serialization;

public static partial class SafeTensors
{
    /// <summary>One tensor's header entry, checked against itself (dtype, shape and byte length agree).</summary>
    private sealed record Entry(string Name, int HeaderIndex, StoredType Type, int[] Shape, long Begin, long End);

    private static SafeTensorsFile Read(Stream stream, string source)
    {
        try
        {
            return ReadChecked(stream, source);
        }
        catch (EndOfStreamException e)
        {
            // Only when the stream delivers less than its Length promised (a file cut while being read).
            throw Bad(source, "the file ended early while being read (was it truncated or replaced meanwhile?)", e);
        }
    }

    private static SafeTensorsFile ReadChecked(Stream stream, string source)
    {
        long available = stream.Length - stream.Position;
        if (available < 8)
            throw Bad(source, $"the file is {available} bytes long, shorter than the 8-byte header length that starts every safetensors file");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw Bad(source, $"the header length is {headerLength} bytes, more than the {MaxHeaderBytes} accepted " +
                "(this is not a safetensors file, or it is damaged)");
        if ((long)headerLength > available - 8)
            throw Bad(source, $"the header length is {headerLength} bytes, but only {available - 8} bytes follow the length " +
                "(the file is truncated, or not a safetensors file)");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        long bufferLength = available - 8 - (long)headerLength;

        var (entries, metadata) = ParseHeader(headerBytes, source);
        CheckLayout(entries, bufferLength, source);

        // The entries now tile the data buffer in order, so the tensors are read front to back without seeking.
        var tensors = new OrderedDictionary<string, Tensor>(entries.Count);
        var stored = new OrderedDictionary<string, string>(entries.Count);
        foreach (var entry in entries)
        {
            tensors.Add(entry.Name, ReadTensor(stream, entry));
            stored.Add(entry.Name, entry.Type.Name);
        }
        return new SafeTensorsFile(source, tensors, stored, metadata);
    }

    private static (List<Entry> Entries, OrderedDictionary<string, string>? Metadata) ParseHeader(byte[] bytes, string source)
    {
        string text;
        try
        {
            text = s_utf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Bad(source, $"the header is not valid UTF-8 (bad byte at offset {8 + e.Index})", e);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Bad(source, $"the header is not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad(source, $"the header must be a JSON object, got {Kind(root)}");
            var entries = new List<Entry>();
            OrderedDictionary<string, string>? metadata = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Bad(source, $"the header names '{property.Name}' twice");
                if (property.Name == MetadataKey)
                    metadata = ParseMetadata(property.Value, source);
                else
                    entries.Add(ParseEntry(property.Name, entries.Count, property.Value, source));
            }
            return (entries, metadata);
        }
    }

    private static OrderedDictionary<string, string> ParseMetadata(JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(source, $"'{MetadataKey}' must be an object of strings, got {Kind(value)}");
        var metadata = new OrderedDictionary<string, string>();
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Bad(source, $"metadata value '{item.Name}' must be a string, got {Kind(item.Value)}");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Bad(source, $"the metadata names '{item.Name}' twice");
        }
        return metadata;
    }

    private static Entry ParseEntry(string name, int index, JsonElement info, string source)
    {
        string where = $"tensor '{name}'";
        if (info.ValueKind != JsonValueKind.Object)
            throw Bad(source, $"{where} must be an object with dtype, shape and data_offsets, got {Kind(info)}");
        JsonElement dtype = Field(info, "dtype", JsonValueKind.String, where, source);
        JsonElement shapeJson = Field(info, "shape", JsonValueKind.Array, where, source);
        JsonElement offsetsJson = Field(info, "data_offsets", JsonValueKind.Array, where, source);

        string dtypeName = dtype.GetString()!;
        StoredType type = StoredType.Find(dtypeName) ?? throw Bad(source, StoredType.IsKnownName(dtypeName)
            ? $"{where} has dtype {dtypeName}, which Glubina cannot load (it loads {StoredType.Supported})"
            : $"{where} has the unknown dtype '{dtypeName}' (safetensors dtypes Glubina loads: {StoredType.Supported})");

        var shape = new int[shapeJson.GetArrayLength()];
        int d = 0;
        foreach (var dim in shapeJson.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long size))
                throw Bad(source, $"{where}: shape {shapeJson.GetRawText()} must hold integers, dim {d} is {dim.GetRawText()}");
            if (size < 0)
                throw Bad(source, $"{where}: shape {shapeJson.GetRawText()} has the negative size {size} in dim {d}");
            if (size > int.MaxValue)
                throw Bad(source, $"{where}: shape {shapeJson.GetRawText()} has size {size} in dim {d}, more than Glubina's limit {int.MaxValue}");
            shape[d++] = (int)size;
        }
        // Every factor is at most int.MaxValue and the product stops once it passes the limit, so no overflow.
        long numel = 1;
        if (!shape.Contains(0))
            foreach (int size in shape)
                if ((numel *= size) > Array.MaxLength)
                    throw Bad(source, $"{where}: shape {ShapeMath.Format(shape)} has more than {Array.MaxLength} elements, Glubina's limit for one tensor");
        if (shape.Contains(0))
            numel = 0;

        if (offsetsJson.GetArrayLength() != 2)
            throw Bad(source, $"{where}: data_offsets must be [begin, end], got {offsetsJson.GetRawText()}");
        long begin = Offset(offsetsJson[0], where, offsetsJson, source);
        long end = Offset(offsetsJson[1], where, offsetsJson, source);
        if (end < begin)
            throw Bad(source, $"{where}: data_offsets {offsetsJson.GetRawText()} end before they begin");
        long expected = numel * type.Size;
        if (end - begin != expected)
            throw Bad(source, $"{where}: data_offsets {offsetsJson.GetRawText()} span {end - begin} bytes, but {dtypeName} " +
                $"{ShapeMath.Format(shape)} needs {numel} × {type.Size} = {expected} bytes");
        return new Entry(name, index, type, shape, begin, end);
    }

    private static JsonElement Field(JsonElement info, string field, JsonValueKind kind, string where, string source)
    {
        if (!info.TryGetProperty(field, out var value))
            throw Bad(source, $"{where} has no \"{field}\" (expected dtype, shape and data_offsets), got {Shorten(info.GetRawText())}");
        if (value.ValueKind != kind)
            throw Bad(source, $"{where}: \"{field}\" must be {(kind == JsonValueKind.String ? "a string" : "an array")}, got {Kind(value)}");
        return value;
    }

    private static long Offset(JsonElement value, string where, JsonElement offsets, string source)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out ulong offset))
            throw Bad(source, $"{where}: data_offsets {offsets.GetRawText()} must be non-negative integers");
        // Far past any file (and keeps end - begin from overflowing below).
        if (offset > long.MaxValue / 2)
            throw Bad(source, $"{where}: data_offsets {offsets.GetRawText()} lie beyond the end of any file");
        return (long)offset;
    }

    /// <summary>Sorts entries by offset and checks they tile the data buffer exactly, as the reference reader does.</summary>
    private static void CheckLayout(List<Entry> entries, long bufferLength, string source)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin)
            : a.End != b.End ? a.End.CompareTo(b.End) : a.HeaderIndex.CompareTo(b.HeaderIndex));
        long position = 0;
        Entry? previous = null;
        foreach (var entry in entries)
        {
            string range = $"[{entry.Begin}, {entry.End}]";
            if (entry.Begin < position)
                throw Bad(source, $"tensor '{entry.Name}' at {range} overlaps tensor '{previous!.Name}' at [{previous.Begin}, {previous.End}]");
            if (entry.Begin > position)
                throw Bad(source, $"tensor '{entry.Name}' starts at byte {entry.Begin}, but the previous tensor " +
                    (previous is null ? "" : $"('{previous.Name}') ") + $"ends at {position}: the tensors must cover the data buffer without holes");
            if (entry.End > bufferLength)
                throw Bad(source, $"tensor '{entry.Name}' at {range} extends past the end of the data buffer ({bufferLength} bytes " +
                    "after the header): the file is truncated, or the offsets are wrong");
            position = entry.End;
            previous = entry;
        }
        if (position != bufferLength)
            throw Bad(source, $"the tensors cover {position} bytes, but {bufferLength} bytes follow the header: " +
                $"{bufferLength - position} trailing bytes belong to no tensor");
    }

    private static Tensor ReadTensor(Stream stream, Entry entry)
    {
        var tensor = Tensor.Empty(entry.Type.LoadedAs, entry.Shape);
        if (tensor.Numel == 0)
            return tensor; // no data (and a [2, 0] tensor does not count as contiguous)
        switch (entry.Type.LoadedAs)
        {
            case DType.Float32 when entry.Type.Size == 4: ReadLittleEndian(stream, tensor.ContiguousSpan<float>()); break;
            case DType.Float64: ReadLittleEndian(stream, tensor.ContiguousSpan<double>()); break;
            case DType.Int64 when entry.Type.Size == 8: ReadLittleEndian(stream, tensor.ContiguousSpan<long>()); break;
            case DType.Bool:
                Span<byte> bytes = MemoryMarshal.AsBytes(tensor.ContiguousSpan<bool>());
                stream.ReadExactly(bytes);
                // Any non-zero byte is true (as in NumPy and PyTorch); a .NET bool must hold exactly 0 or 1.
                foreach (ref byte b in bytes)
                    b = b == 0 ? (byte)0 : (byte)1;
                break;
            case DType.Float32: ReadWidened(stream, entry.Type, tensor.ContiguousSpan<float>()); break;
            default: ReadWidened(stream, entry.Type, tensor.ContiguousSpan<long>()); break;
        }
        return tensor;
    }

    private static void ReadLittleEndian<T>(Stream stream, Span<T> destination) where T : unmanaged
    {
        stream.ReadExactly(MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
            SwapBytes<T>(destination, destination);
    }

    /// <summary>Reads narrower stored elements a chunk at a time and widens them (F16/BF16 → float, integers → long).</summary>
    private static void ReadWidened<T>(Stream stream, StoredType type, Span<T> destination) where T : unmanaged
    {
        const int ChunkElements = 8192;
        var buffer = new byte[Math.Min(destination.Length, ChunkElements) * type.Size];
        for (int i = 0; i < destination.Length; i += ChunkElements)
        {
            int count = Math.Min(ChunkElements, destination.Length - i);
            Span<byte> chunk = buffer.AsSpan(0, count * type.Size);
            stream.ReadExactly(chunk);
            type.Widen(chunk, destination.Slice(i, count));
        }
    }

    private static InvalidDataException Bad(string source, string problem, Exception? inner = null) =>
        new($"safetensors file '{source}': {problem}.", inner);

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Shorten(value.GetRawText())}",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
