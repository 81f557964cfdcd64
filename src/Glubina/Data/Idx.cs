using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics.Tensors;
using Glubina.Tensors;
using Tensor = Glubina.Tensors.Tensor;

namespace Glubina.Data;

/// <summary>
/// Reads IDX files (the MNIST format), gzipped or not (detected by the gzip magic bytes 1F 8B). Header: two zero
/// bytes, a type code (08 unsigned byte, 09 signed byte, 0B int16, 0C int32, 0D float32, 0E float64), the number of
/// dims, then each dim as a big-endian int32; the data follow, big-endian, row-major.
/// </summary>
public static class Idx
{
    private const int ChunkElements = 1 << 16;

    /// <summary>Images (or any unsigned-byte IDX) as float32, divided by 255 into [0, 1] when <paramref name="scale"/>,
    /// else the raw 0–255 values. MNIST images come as [N, 28, 28].</summary>
    public static Tensor ReadImages(string path, bool scale = true) => Read(path, DType.Float32, scale ? 255 : 1);

    /// <summary>Labels as int64 [N].</summary>
    public static Tensor ReadLabels(string path) => Read(path, DType.Int64);

    /// <summary>
    /// The IDX file at <paramref name="path"/> as a tensor of its declared shape. The dtype defaults to int64 for
    /// integer data, float32 for float32 data and float64 for float64 data; every value is divided by
    /// <paramref name="divisor"/> (int64 results only allow 1).
    /// </summary>
    public static Tensor Read(string path, DType? dtype = null, double divisor = 1)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        return Read(file, path, dtype, divisor);
    }

    /// <summary>Reads an IDX file from a stream; <paramref name="name"/> names it in error messages.</summary>
    public static Tensor Read(Stream stream, string name, DType? dtype = null, double divisor = 1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Stream seekable = stream.CanSeek ? stream : CopyToMemory(stream);
        long start = seekable.Position;
        Span<byte> magic = stackalloc byte[2];
        int got = seekable.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        seekable.Position = start;
        bool gzip = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        GZipStream? unzip = gzip ? new GZipStream(seekable, CompressionMode.Decompress, leaveOpen: true) : null;
        try
        {
            return ReadIdx(unzip ?? seekable, name, gzip, dtype, divisor);
        }
        catch (InvalidDataException e) when (gzip && e.Source != typeof(Idx).Assembly.GetName().Name)
        {
            // Thrown by GZipStream, not by the IDX checks below: say which file.
            throw new InvalidDataException($"{name}: the gzip data is corrupt: {e.Message}", e);
        }
        finally
        {
            unzip?.Dispose();
        }
    }

    private static Tensor ReadIdx(Stream data, string name, bool gzip, DType? dtype, double divisor)
    {
        string bytesOf = gzip ? "decompressed bytes" : "bytes";
        Span<byte> head = stackalloc byte[4];
        int got = data.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (got < 4)
            throw new InvalidDataException($"{name}: the IDX file is truncated: it has {got} {bytesOf}, the header alone needs at least 4.");
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(head);
        int typeCode = head[2], rank = head[3];
        int elementSize = typeCode switch { 0x08 or 0x09 => 1, 0x0B => 2, 0x0C or 0x0D => 4, 0x0E => 8, _ => 0 };
        if (head[0] != 0 || head[1] != 0 || elementSize == 0 || rank == 0)
            throw new InvalidDataException(
                $"{name}: bad IDX magic number 0x{magic:X8}; expected 0x0000TTDD with type code TT one of 08 (ubyte), 09 (sbyte), " +
                $"0B (int16), 0C (int32), 0D (float32), 0E (float64) and DD ≥ 1 dims (MNIST images: 0x00000803, labels: 0x00000801)" +
                (gzip ? "." : "; is it a gzip file with a damaged header?"));

        var dimBytes = new byte[4 * rank];
        got = data.ReadAtLeast(dimBytes, dimBytes.Length, throwOnEndOfStream: false);
        if (got < dimBytes.Length)
            throw new InvalidDataException(
                $"{name}: the IDX file is truncated: the header declares {rank} dims ({4 + dimBytes.Length} header bytes) but the file has {4 + got} {bytesOf}.");
        var shape = new int[rank];
        long numel = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * d));
            if (size > int.MaxValue)
                throw new InvalidDataException($"{name}: dim {d} of the IDX header is {size}, larger than a tensor dim can be.");
            shape[d] = (int)size;
            numel *= size;
            if (numel > int.MaxValue)
                throw new InvalidDataException($"{name}: the IDX header declares shape {ShapeMath.Format(shape.AsSpan(0, d + 1))}…, more than {int.MaxValue} elements.");
        }

        DType target = dtype ?? typeCode switch { 0x0D => DType.Float32, 0x0E => DType.Float64, _ => DType.Int64 };
        if (target == DType.Bool)
            throw new ArgumentException($"Idx.Read: cannot read {name} as bool; use float32, float64 or int64.");
        if (target == DType.Int64 && divisor != 1)
            throw new ArgumentException($"Idx.Read: divisor {divisor} needs a float dtype, got int64 for {name}.");
        if (divisor == 0 || !double.IsFinite(divisor))
            throw new ArgumentOutOfRangeException(nameof(divisor), divisor, $"Idx.Read: divisor must be finite and non-zero, got {divisor}.");
        long headerBytes = 4 + dimBytes.Length;
        long expected = headerBytes + numel * elementSize;
        Tensor t = Tensor.Empty(target, shape);
        var buffer = new byte[ChunkElements * elementSize];
        var values = new double[ChunkElements];
        long done = 0;
        while (done < numel)
        {
            int count = (int)Math.Min(ChunkElements, numel - done);
            int bytes = count * elementSize;
            got = data.ReadAtLeast(buffer.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
            if (got < bytes)
            {
                long actual = headerBytes + done * elementSize + got;
                t.Dispose();
                throw new InvalidDataException(
                    $"{name}: the IDX file is truncated: shape {ShapeMath.Format(shape)} of {elementSize}-byte elements needs " +
                    $"{expected} {bytesOf} ({headerBytes}-byte header + {numel * elementSize} data), but the file has {actual}.");
            }
            Convert(buffer.AsSpan(0, bytes), typeCode, count, values, t, (int)done, divisor);
            done += count;
        }
        long extra = CountRemaining(data, buffer);
        if (extra > 0)
        {
            t.Dispose();
            throw new InvalidDataException(
                $"{name}: the IDX file has {expected + extra} {bytesOf}, more than the {expected} its header declares " +
                $"(shape {ShapeMath.Format(shape)}); it is not a valid IDX file.");
        }
        return t;
    }

    // Converts `count` big-endian elements of the given IDX type into the tensor at element offset `at`.
    private static void Convert(ReadOnlySpan<byte> src, int typeCode, int count, double[] values, Tensor t, int at, double divisor)
    {
        if (typeCode == 0x08 && t.DType == DType.Float32)
        {
            Span<float> dst = t.ContiguousSpan<float>().Slice(at, count);
            TensorPrimitives.ConvertTruncating<byte, float>(src, dst);
            if (divisor != 1)
                TensorPrimitives.Divide(dst, (float)divisor, dst);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            values[i] = typeCode switch
            {
                0x08 => src[i],
                0x09 => (sbyte)src[i],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(src[(2 * i)..]),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(src[(4 * i)..]),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(src[(4 * i)..]),
                _ => BinaryPrimitives.ReadDoubleBigEndian(src[(8 * i)..]),
            } / divisor;
        }
        switch (t.DType)
        {
            case DType.Float32:
                TensorPrimitives.ConvertTruncating<double, float>(values.AsSpan(0, count), t.ContiguousSpan<float>().Slice(at, count));
                break;
            case DType.Float64:
                values.AsSpan(0, count).CopyTo(t.ContiguousSpan<double>().Slice(at, count));
                break;
            default:
                Span<long> longs = t.ContiguousSpan<long>().Slice(at, count);
                for (int i = 0; i < count; i++)
                    longs[i] = (long)values[i];
                break;
        }
    }

    private static long CountRemaining(Stream data, byte[] buffer)
    {
        long total = 0;
        int got;
        while ((got = data.Read(buffer)) > 0)
            total += got;
        return total;
    }

    private static MemoryStream CopyToMemory(Stream stream)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        memory.Position = 0;
        return memory;
    }
}
