using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Glubina.Tensors;

namespace Glubina.Serialization;

public static partial class SafeTensors
{
    // Strict UTF-8: a name with a lone surrogate is refused instead of silently becoming U+FFFD.
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The header bytes (padded) and the tensors in the order their data follow.</summary>
    private sealed record WritePlanData(byte[] Header, Tensor[] Tensors);

    private static WritePlanData Plan(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var items = new List<(string Name, byte[] Utf8, Tensor Tensor)>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            if (name == MetadataKey)
                throw new ArgumentException($"SafeTensors.Save: '{MetadataKey}' is reserved for the metadata map and cannot name a tensor.", nameof(tensors));
            if (tensor is null)
                throw new ArgumentException($"SafeTensors.Save: the tensor '{name}' is null.", nameof(tensors));
            items.Add((name, Utf8(name, "tensor name"), tensor));
        }
        // The reference writer's order: descending dtype (so each tensor is aligned to its element size), then name.
        items.Sort((a, b) =>
        {
            int byType = DTypeRank(b.Tensor.DType).CompareTo(DTypeRank(a.Tensor.DType));
            return byType != 0 ? byType : a.Utf8.AsSpan().SequenceCompareTo(b.Utf8);
        });

        var json = new StringBuilder("{");
        if (metadata is not null)
        {
            json.Append("\"__metadata__\":{");
            bool first = true;
            foreach (var (key, value) in metadata)
            {
                if (value is null)
                    throw new ArgumentException($"SafeTensors.Save: the metadata value of '{key}' is null; metadata values are strings.", nameof(metadata));
                Utf8(key, "metadata key");
                Utf8(value, $"metadata value of '{key}'");
                json.Append(first ? "" : ",");
                AppendJsonString(json, key).Append(':');
                AppendJsonString(json, value);
                first = false;
            }
            json.Append('}');
        }
        long offset = 0;
        foreach (var (name, _, tensor) in items)
        {
            long bytes = (long)tensor.Numel * tensor.DType.ElementSize();
            json.Append(json.Length > 1 ? "," : "");
            AppendJsonString(json, name).Append(":{\"dtype\":\"").Append(FileDTypeName(tensor.DType)).Append("\",\"shape\":[");
            for (int d = 0; d < tensor.Rank; d++)
                json.Append(d > 0 ? "," : "").Append(tensor.Shape[d].ToString(CultureInfo.InvariantCulture));
            json.Append("],\"data_offsets\":[").Append(offset.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append((offset + bytes).ToString(CultureInfo.InvariantCulture)).Append("]}");
            offset += bytes;
        }
        json.Append('}');
        // Pad with spaces so the data buffer starts 8-byte aligned, as the reference writer does.
        int length = s_utf8.GetByteCount(json.ToString());
        json.Append(' ', (8 - length % 8) % 8);
        byte[] header = s_utf8.GetBytes(json.ToString());
        if (header.Length > MaxHeaderBytes)
            throw new ArgumentException(
                $"SafeTensors.Save: the header would be {header.Length} bytes, more than readers accept ({MaxHeaderBytes}); " +
                "use fewer tensors or shorter names and metadata.", nameof(tensors));
        return new WritePlanData(header, items.Select(i => i.Tensor).ToArray());
    }

    private static void WritePlan(Stream stream, WritePlanData plan)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)plan.Header.Length);
        stream.Write(length);
        stream.Write(plan.Header);
        foreach (var tensor in plan.Tensors)
            WriteData(stream, tensor);
        stream.Flush();
    }

    private static void WriteData(Stream stream, Tensor tensor)
    {
        tensor.ThrowIfDisposed();
        if (tensor.Numel == 0)
            return;
        Tensor c = tensor.IsContiguous ? tensor : ContiguousCopy(tensor);
        try
        {
            switch (c.DType)
            {
                case DType.Float32: WriteLittleEndian(stream, MemoryMarshal.Cast<float, int>(c.ContiguousSpan<float>())); break;
                case DType.Float64: WriteLittleEndian(stream, MemoryMarshal.Cast<double, long>(c.ContiguousSpan<double>())); break;
                case DType.Int64: WriteLittleEndian(stream, c.ContiguousSpan<long>()); break;
                // .NET stores bool as one byte, 0 or 1, the format's BOOL.
                case DType.Bool: stream.Write(MemoryMarshal.AsBytes(c.ContiguousSpan<bool>())); break;
                default: throw new NotSupportedException($"SafeTensors.Save: dtype {c.DType} has no safetensors name.");
            }
        }
        finally
        {
            if (!ReferenceEquals(c, tensor))
                c.Dispose();
        }
    }

    // A view is written from a contiguous copy of its elements, taken detached so that saving records nothing.
    private static Tensor ContiguousCopy(Tensor view)
    {
        using Tensor detached = view.Detach();
        return detached.Contiguous();
    }

    private static void WriteLittleEndian<T>(Stream stream, Span<T> values) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        // Big-endian hosts: swap a chunk at a time into a small buffer.
        var chunk = new T[Math.Min(values.Length, 8192)];
        for (int i = 0; i < values.Length; i += chunk.Length)
        {
            Span<T> part = values.Slice(i, Math.Min(chunk.Length, values.Length - i)), swapped = chunk.AsSpan(0, part.Length);
            SwapBytes(part, swapped);
            stream.Write(MemoryMarshal.AsBytes(swapped));
        }
    }

    // Element-wise byte swap of 2-, 4- or 8-byte values (endianness conversion).
    private static void SwapBytes<T>(ReadOnlySpan<T> source, Span<T> destination) where T : unmanaged
    {
        switch (System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, short>(source), MemoryMarshal.Cast<T, short>(destination)); break;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, int>(source), MemoryMarshal.Cast<T, int>(destination)); break;
            case 8: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, long>(source), MemoryMarshal.Cast<T, long>(destination)); break;
            default: source.CopyTo(destination); break;
        }
    }

    private static byte[] Utf8(string text, string what)
    {
        try
        {
            return s_utf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"SafeTensors.Save: the {what} '{text}' is not valid UTF-16 (it has a lone surrogate).", e);
        }
    }

    /// <summary>A JSON string as serde_json writes it: raw UTF-8 for non-ASCII; escapes only for '"', '\' and
    /// control characters (the short forms \b \t \n \f \r, else \u00xx).</summary>
    private static StringBuilder AppendJsonString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (char ch in text)
        {
            switch (ch)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\t': json.Append("\\t"); break;
                case '\n': json.Append("\\n"); break;
                case '\f': json.Append("\\f"); break;
                case '\r': json.Append("\\r"); break;
                case < ' ': json.Append("\\u00").Append(((int)ch).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: json.Append(ch); break;
            }
        }
        return json.Append('"');
    }
}
