using System.Text.Json.Nodes;
using Glubina.Data;
using Glubina.Data.Text;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>How a text column becomes model input: a char or word tokenizer fitted on the training texts, then ids
/// padded or truncated to a fixed length (int64 [N, L], pad id 0). Saved in the model file so predict encodes new
/// text the same way.</summary>
internal sealed record TextEncoding(ITokenizer Tokenizer, string Column, int Length)
{
    /// <summary>The manifest key that holds this encoding.</summary>
    public const string ManifestKey = "text";

    public static IReadOnlyList<string> TokenizerKinds { get; } = ["word", "char"];

    /// <summary>Fits the tokenizer on <paramref name="texts"/> (training rows only). Length null: the 95th percentile of
    /// the token counts (at most 256), so a few very long texts do not make every input long.</summary>
    public static TextEncoding Fit(IReadOnlyList<string> texts, string column, string kind, int? length)
    {
        ITokenizer tokenizer = kind switch
        {
            "word" => WordTokenizer.Fit(texts, minFrequency: 2, maxVocab: 20000),
            "char" => CharTokenizer.Fit(string.Concat(texts)),
            _ => throw new CliException(ClosestNames.Unknown("tokenizer", kind, "the tokenizers", [.. TokenizerKinds])),
        };
        if (length is null)
        {
            int[] counts = [.. texts.Select(t => tokenizer.Encode(t).Length).Order()];
            length = Math.Clamp(counts[(int)Math.Floor(0.95 * (counts.Length - 1))], 1, 256);
        }
        return new TextEncoding(tokenizer, column, length.Value);
    }

    /// <summary>Token ids of the text column of every row: int64 [N, Length].</summary>
    public Tensor Encode(Table table, string path)
    {
        Column column = TableFiles.Require(table, Column, path, "text");
        var sequences = new IReadOnlyList<int>[table.RowCount];
        for (int row = 0; row < table.RowCount; row++)
            sequences[row] = Tokenizer.Encode(TableFiles.CellText(column, row) ?? "");
        return SequencePadding.Pad(sequences, Length).Ids;
    }

    /// <summary>The texts of a column (missing cells as empty text).</summary>
    public static string[] Texts(Table table, string column, string path)
    {
        Column c = TableFiles.Require(table, column, path, "text");
        return [.. Enumerable.Range(0, table.RowCount).Select(r => TableFiles.CellText(c, r) ?? "")];
    }

    public JsonObject ToJson() => new() { ["column"] = Column, ["length"] = Length, ["tokenizer"] = Tokenizer.ToJson() };

    public static TextEncoding? FromManifest(JsonObject extra) => extra[ManifestKey] is JsonObject json
        ? new TextEncoding(TokenizerFile.FromJson((JsonObject)json["tokenizer"]!, "model file (text tokenizer)"),
            json["column"]!.GetValue<string>(), json["length"]!.GetValue<int>())
        : null;
}
