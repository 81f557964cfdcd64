using Glubina.Tensors;

namespace Glubina.Serialization;

/// <summary>
/// Reads and writes tensors in the <see href="https://github.com/huggingface/safetensors">safetensors</see> format,
/// the weights format of Hugging Face and <c>safetensors.torch</c>:
/// <code>
/// [8 bytes]  N, the header length (unsigned 64-bit, little-endian)
/// [N bytes]  UTF-8 JSON object: {"__metadata__": {string: string} (optional),
///            NAME: {"dtype": "F32", "shape": [d0, d1, …], "data_offsets": [begin, end]}, …}
/// [rest]     the data buffer: each tensor little-endian, row-major, at [begin, end) from the buffer's start
/// </code>
/// <para>Writing follows the reference writer byte for byte: compact JSON with <c>__metadata__</c> first, the
/// header padded with spaces to a multiple of 8 bytes, tensors ordered by descending dtype (I64, F64, F32, BOOL:
/// every tensor stays aligned to its element size) and then by name (UTF-8 byte order), laid out back to back.
/// Files go to disk through <see cref="AtomicFile"/>, so a crash never leaves half a checkpoint.</para>
/// <para>Reading checks everything the reference reader checks before it allocates: the header length against
/// the file and <see cref="MaxHeaderBytes"/>, the JSON, each dtype, shape and offset pair, and that the tensors
/// cover the data buffer exactly (no holes, overlaps or trailing bytes). A bad file gets an
/// <see cref="InvalidDataException"/> that names the file, the tensor, and the expected and actual values.
/// F32, F64, I64 and BOOL load as <see cref="DType.Float32"/>, <see cref="DType.Float64"/>, <see cref="DType.Int64"/>
/// and <see cref="DType.Bool"/>; F16 and BF16 are widened to float32; I32, I16, I8, U32, U16 and U8 to int64.</para>
/// </summary>
/// <example><code>
/// SafeTensors.Save("model.safetensors", model.StateDict(), new Dictionary&lt;string, string&gt; { ["format"] = "pt" });
/// model.LoadStateDict(SafeTensors.Load("model.safetensors").Tensors);
/// </code></example>
public static partial class SafeTensors
{
    /// <summary>The largest header accepted (100 MB), the reference implementation's limit.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The key of the optional string→string map in the header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Writes <paramref name="tensors"/> (and optional <paramref name="metadata"/>) to <paramref name="path"/>,
    /// atomically: a temporary file in the same folder, flushed to disk, then renamed over the target.
    /// Non-contiguous tensors are written in row-major order.</summary>
    /// <exception cref="ArgumentException">A name is <c>__metadata__</c> or not valid UTF-16, or the header would
    /// exceed <see cref="MaxHeaderBytes"/>.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var plan = Plan(tensors, metadata);
        AtomicFile.Write(path, stream => WritePlan(stream, plan));
    }

    /// <summary>Writes the safetensors bytes of <paramref name="tensors"/> to <paramref name="stream"/> at its current
    /// position (the stream is not closed).</summary>
    public static void Save(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WritePlan(stream, Plan(tensors, metadata));
    }

    /// <summary>The safetensors bytes of <paramref name="tensors"/>, as <see cref="Save(Stream, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, string}?)"/> writes them.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var buffer = new MemoryStream();
        Save(buffer, tensors, metadata);
        return buffer.ToArray();
    }

    /// <summary>Reads a safetensors file: its tensors in file order and its metadata.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file (the message says why).</exception>
    public static SafeTensorsFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"SafeTensors.Load: the file '{path}' does not exist.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads a safetensors file from <paramref name="stream"/>, from its current position to its end.
    /// <paramref name="sourceName"/> names the source in error messages. A stream that cannot seek is first
    /// buffered in memory (so its length is known before anything is allocated from the header's claims).</summary>
    public static SafeTensorsFile Load(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string source = sourceName ?? "<stream>";
        if (stream.CanSeek)
            return Read(stream, source);
        using var buffered = new MemoryStream();
        try
        {
            stream.CopyTo(buffered);
        }
        catch (IOException e) when (e is not EndOfStreamException)
        {
            throw new InvalidDataException($"safetensors file '{source}': could not buffer the stream ({e.Message}).", e);
        }
        buffered.Position = 0;
        return Read(buffered, source);
    }

    /// <summary>Decodes bytes held in memory (as <see cref="Serialize"/> returns them).</summary>
    public static SafeTensorsFile Deserialize(byte[] bytes, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream, sourceName ?? "<bytes>");
    }
}
