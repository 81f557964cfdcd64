using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Glubina.Tests.Data.Images;

/// <summary>A minimal PNG encoder for test images: 8-bit gray (1 channel), RGB (3) or RGBA (4), filter 0, zlib.</summary>
internal static class PngWriter
{
    private static readonly uint[] s_crcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>Encodes interleaved pixels (row-major, <paramref name="channels"/> bytes per pixel).</summary>
    public static byte[] Encode(byte[] pixels, int width, int height, int channels)
    {
        byte colorType = channels switch { 1 => 0, 3 => 2, 4 => 6, _ => throw new ArgumentException($"channels {channels}") };
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            raw.Write(pixels, y * width * channels, width * channels);
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            raw.WriteTo(z);
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = colorType;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        s.Write(typeAndData);
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in typeAndData)
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        BinaryPrimitives.WriteUInt32BigEndian(len, crc ^ 0xFFFFFFFFu);
        s.Write(len);
    }
}
