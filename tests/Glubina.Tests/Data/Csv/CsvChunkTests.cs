using System.Globalization;
using System.Text;
using Glubina.Data;
using Glubina.Data.Csv;

namespace Glubina.Tests.Data.Csv;

public sealed class CsvChunkTests
{
    private static string Generate(TempFolder dir, int rows, Func<int, string>? label = null)
    {
        var sb = new StringBuilder("id,value,label\n");
        for (int i = 0; i < rows; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{i},{i * 0.5},{(label is null ? (i % 3 == 0 ? "\"a,b\"" : "c") : label(i))}\n");
        return dir.File("big.csv", sb.ToString());
    }

    [Fact]
    public void Chunks_cover_the_file_and_equal_a_whole_load()
    {
        using var dir = new TempFolder();
        string path = Generate(dir, 2500);
        List<Table> chunks = [.. CsvLoader.ReadChunks(path, 1000)];
        Assert.Equal([1000, 1000, 500], chunks.Select(c => c.RowCount));
        Table whole = CsvLoader.Load(path);
        Assert.Equal(((NumericColumn)whole["value"]).Values, chunks.SelectMany(c => ((NumericColumn)c["value"]).Values));
        Assert.Equal(((CategoricalColumn)whole["label"]).Values, chunks.SelectMany(c => ((CategoricalColumn)c["label"]).Values));
        Assert.Equal("a,b", ((CategoricalColumn)chunks[1]["label"]).Values[2]); // row 1002
        Assert.Single(CsvLoader.ReadChunks(path, 2500));
    }

    [Fact]
    public void The_schema_is_fixed_by_the_first_chunk()
    {
        using var dir = new TempFolder();
        string path = Generate(dir, 30, i => i < 25 ? i.ToString(CultureInfo.InvariantCulture) : "late text");
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.ReadChunks(path, 10).ToList());
        Assert.Contains(path, e.Message);
        Assert.Contains("line 27", e.Message); // header + 25 rows before it
        Assert.Contains("'label'", e.Message);
        Assert.Contains("\"late text\"", e.Message);
        Assert.Contains("first chunk (10 rows)", e.Message);

        // Declared categorical, the same file reads; the first chunk's numbers stay text.
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnKind> { ["label"] = ColumnKind.Categorical } };
        List<Table> chunks = [.. CsvLoader.ReadChunks(path, 10, options)];
        Assert.Equal("0", ((CategoricalColumn)chunks[0]["label"]).Values[0]);
        Assert.Equal("late text", ((CategoricalColumn)chunks[2]["label"]).Values[9]);
    }

    [Fact]
    public void A_ragged_row_in_a_later_chunk_names_its_line_and_chunks_read_lazily()
    {
        using var dir = new TempFolder();
        string path = dir.File("ragged.csv", "a,b\n1,2\n3,4\n5,6\n7\n");
        using IEnumerator<Table> it = CsvLoader.ReadChunks(path, 2).GetEnumerator();
        Assert.True(it.MoveNext());
        Assert.Equal(2, it.Current.RowCount);
        var e = Assert.Throws<CsvFormatException>(() => it.MoveNext());
        Assert.Contains("line 5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CsvLoader.ReadChunks(path, 0));
    }

    [Fact]
    public void Chunks_of_a_stream_name_the_stream()
    {
        using var stream = new MemoryStream("n\n1\n2\nx\n"u8.ToArray());
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.ReadChunks(stream, "pipe", 2).ToList());
        Assert.Contains("pipe: line 4", e.Message);
    }
}
