using System.Text;

namespace Glubina.Data;

/// <summary>
/// Reads UTF-8 text files strictly (invalid bytes are an error naming the file and line, not a silent U+FFFD),
/// for character-level language models (a whole text) and line-based datasets such as the SMS spam collection
/// ("label&lt;TAB&gt;text" lines). A UTF-8 byte-order mark is skipped.
/// </summary>
public static class TextFile
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The whole file as one string.</summary>
    public static string ReadAll(string path)
    {
        byte[] bytes = ReadBytes(path);
        try
        {
            return s_strictUtf8.GetString(SkipBom(bytes));
        }
        catch (DecoderFallbackException e)
        {
            throw InvalidUtf8(path, bytes, e);
        }
    }

    /// <summary>The lines of the file (without their line ends), read lazily.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        CheckExists(path);
        return Lines(path);
    }

    /// <summary>
    /// Lines of the form "label&lt;separator&gt;text" split at the first <paramref name="separator"/>; a line
    /// without one is an error naming the file and line. Empty lines are skipped.
    /// </summary>
    public static IEnumerable<(string Label, string Text)> ReadLabeledLines(string path, char separator = '\t')
    {
        CheckExists(path);
        return Labeled(path, separator);
    }

    private static IEnumerable<(string Label, string Text)> Labeled(string path, char separator)
    {
        int lineNumber = 0;
        foreach (string line in Lines(path))
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            int at = line.IndexOf(separator);
            if (at < 0)
                throw new InvalidDataException(
                    $"{path}: line {lineNumber} has no separator {Describe(separator)}; expected \"label{Describe(separator)}text\", " +
                    $"got \"{Shorten(line)}\".");
            yield return (line[..at], line[(at + 1)..]);
        }
    }

    private static IEnumerable<string> Lines(string path)
    {
        using var reader = new StreamReader(path, s_strictUtf8, detectEncodingFromByteOrderMarks: false);
        bool first = true;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                // The reader decodes whole buffers ahead of the lines it returns: find the exact place in the file.
                throw InvalidUtf8(path, File.ReadAllBytes(path), e);
            }
            if (line is null)
                yield break;
            if (first && line.StartsWith('\uFEFF'))
                line = line[1..];
            first = false;
            yield return line;
        }
    }

    private static byte[] ReadBytes(string path)
    {
        CheckExists(path);
        return File.ReadAllBytes(path);
    }

    private static void CheckExists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Text file '{path}' does not exist.", path);
    }

    private static ReadOnlySpan<byte> SkipBom(byte[] bytes) =>
        bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsSpan(3) : bytes;

    private static InvalidDataException InvalidUtf8(string path, byte[] bytes, DecoderFallbackException e)
    {
        // Find the first invalid byte to name its line and offset.
        int offset = 0, line = 1;
        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(rest, out System.Text.Rune rune, out int used) != System.Buffers.OperationStatus.Done)
                break;
            if (rune.Value == '\n')
                line++;
            offset += used;
            rest = rest[used..];
        }
        return new InvalidDataException(
            $"{path}: invalid UTF-8 at byte {offset} (line {line}): 0x{(offset < bytes.Length ? bytes[offset] : 0):X2} does not start " +
            "a valid UTF-8 sequence; the file must be UTF-8 text.", e);
    }

    private static string Describe(char c) => c switch { '\t' => "<TAB>", ' ' => "<SPACE>", _ => c.ToString() };

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
