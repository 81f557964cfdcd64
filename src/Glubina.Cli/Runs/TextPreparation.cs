using System.Globalization;
using Glubina.Data;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>A CSV/TSV file with a text column to <see cref="PreparedData"/>: token ids of fixed length (tokenizer fitted
/// on the training rows only) and the target of each row.</summary>
internal static class TextPreparation
{
    public static PreparedData Prepare(Table table, string path, string target, string textColumn, string tokenizer, int? length,
        string? task, SplitSpec split, ulong seed)
    {
        string[] texts = TextEncoding.Texts(table, textColumn, path);
        PreparedTarget y = PreparedTarget.Of(table, target, task, path);
        if (split.TimeColumn is not null)
            throw new CliException("--time-column is for tables of numbers and categories, not for text data.");
        DataSplit parts = split.Apply(table.RowCount, y.Classes, null, seed);
        TextEncoding encoding = TextEncoding.Fit([.. parts.Train.Select(r => texts[r])], textColumn, tokenizer, length);
        Tensor ids = encoding.Encode(table, path);
        TensorDataset Part(int[] rows) => PreparedTarget.Rows(ids, y.Targets, rows);
        var summary = new List<KeyValuePair<string, string>>
        {
            new("file", Path.GetFileName(path)),
            new("rows", table.RowCount.ToString(CultureInfo.InvariantCulture)),
            new("text column", textColumn),
            new("target", target),
            new("task", y.Task),
            new("tokens", $"{tokenizer} tokenizer, vocabulary {encoding.Tokenizer.VocabSize}, length {encoding.Length}"),
            new("split", split.ToString()),
        };
        return y.ToData(path, target, parts, Part, [encoding.Length], summary) with
        {
            PreprocessingSteps = [$"'{textColumn}': {tokenizer} tokenizer fitted on the training rows (vocabulary {encoding.Tokenizer.VocabSize}), " +
                                  $"ids padded or cut to {encoding.Length} tokens"],
            Tokens = true,
            Vocabulary = encoding.Tokenizer.VocabSize,
            Manifest = new() { [TextEncoding.ManifestKey] = encoding.ToJson() },
        };
    }
}
