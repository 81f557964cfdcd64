using Glubina.Data;
using Glubina.Data.Csv;

namespace Glubina.Tests.Data.Csv;

public sealed class CsvLoaderTests
{
    private static double[] Numbers(Table t, string column) => ((NumericColumn)t[column]).Values;

    private static IEnumerable<string?> Strings(Table t, string column) => ((CategoricalColumn)t[column]).Values;

    [Fact]
    public void Iris_and_breast_cancer_load_as_numeric_tables()
    {
        Table iris = CsvLoader.Load(SharedData.PathOf("iris", "iris.plain.csv"));
        Assert.Equal(150, iris.RowCount);
        Assert.Equal(["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "target"], iris.ColumnNames);
        Assert.All(iris.Columns, c => Assert.Equal(ColumnKind.Numeric, c.Kind));
        Assert.Equal(5.1, Numbers(iris, "sepal_length_cm")[0]);
        Assert.Equal(2.0, Numbers(iris, "target")[149]);

        Table cancer = CsvLoader.Load(SharedData.PathOf("breast-cancer", "breast_cancer.plain.csv"));
        Assert.Equal(569, cancer.RowCount);
        Assert.Equal(31, cancer.Columns.Count);
        Assert.Equal(17.99, Numbers(cancer, "mean_radius")[0]);
        Assert.Equal(212, Numbers(cancer, "target").Count(v => v == 0));
        Assert.All(cancer.Columns, c => Assert.Equal(0, c.MissingCount));
    }

    [Fact]
    public void Quoted_fields_keep_separators_quotes_and_line_breaks()
    {
        Table t = CsvLoader.Parse("id,text,score\n1,\"a, b\",2.5\n2,\"say \"\"hi\"\"\",3\n3,\"two\nlines\",4\n4,plain,5\n");
        Assert.Equal(["a, b", "say \"hi\"", "two\nlines", "plain"], Strings(t, "text"));
        Assert.Equal([2.5, 3, 4, 5], Numbers(t, "score"));
    }

    [Fact]
    public void Missing_markers_become_NaN_or_null_and_can_be_replaced()
    {
        Table t = CsvLoader.Parse("x,c\n1,a\nNA,N/A\n,b\nnull,?\nNaN,\n?,c\n");
        Assert.Equal(ColumnKind.Numeric, t["x"].Kind);
        Assert.Equal(5, t["x"].MissingCount);
        Assert.Equal(1.0, Numbers(t, "x")[0]);
        Assert.Equal(["a", null, "b", null, null, "c"], Strings(t, "c"));

        Table custom = CsvLoader.Parse("x,c\n1,-\n-,NA\n", new CsvOptions { MissingValues = ["-"] });
        Assert.Equal(1, custom["x"].MissingCount);
        Assert.Equal([null, "NA"], Strings(custom, "c"));
    }

    [Fact]
    public void Types_are_inferred_and_a_categorical_column_keeps_the_exact_text_of_its_numeric_looking_cells()
    {
        Table t = CsvLoader.Parse("code,v,w\n007,1e3,1\n12,-2.5,2\nNA, 4 ,3\nA1,.5,x\n");
        Assert.Equal(["007", "12", null, "A1"], Strings(t, "code"));
        Assert.Equal([1000, -2.5, 4, 0.5], Numbers(t, "v"));
        Assert.Equal(["1", "2", "3", "x"], Strings(t, "w"));

        // A decimal comma or a thousands separator is not a number in invariant culture.
        Table semicolons = CsvLoader.Parse("a;b;c\n1,5;2;1,000.5\n");
        Assert.Equal(["1,5"], Strings(semicolons, "a"));
        Assert.Equal(["1,000.5"], Strings(semicolons, "c"));
        Assert.Equal([2.0], Numbers(semicolons, "b"));
    }

    [Fact]
    public void A_column_that_turns_categorical_late_keeps_exact_text_from_every_kind_of_source()
    {
        var sb = new System.Text.StringBuilder("n,code\n");
        for (int i = 0; i < 3000; i++)
            sb.Append(i).Append(i % 7 == 0 ? ",NA\n" : $",{i:D5}\n");
        sb.Append("3000,X-1\n");
        string text = sb.ToString();
        using var dir = new TempFolder();
        string path = dir.File("late.csv", text);
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        Table[] tables =
        [
            CsvLoader.Parse(text),
            CsvLoader.Load(path),
            CsvLoader.Load(new MemoryStream(bytes), "seekable"),
            CsvLoader.Load(new ForwardOnlyStream(bytes), "forward-only"),
        ];
        foreach (Table t in tables)
        {
            string?[] code = ((CategoricalColumn)t["code"]).Values;
            Assert.Equal(3001, code.Length);
            Assert.Null(code[0]);
            Assert.Equal("00001", code[1]);
            Assert.Equal("02999", code[2999]);
            Assert.Equal("X-1", code[3000]);
            Assert.Equal(ColumnKind.Numeric, t["n"].Kind);
        }
    }

    [Fact]
    public void Declared_types_override_inference()
    {
        var options = new CsvOptions
        {
            ColumnTypes = new Dictionary<string, ColumnKind> { ["zip"] = ColumnKind.Categorical, ["n"] = ColumnKind.Numeric },
        };
        Table t = CsvLoader.Parse("zip,n\n01234,1\n98765,?\n", options);
        Assert.Equal(["01234", "98765"], Strings(t, "zip"));
        Assert.Equal(1.0, Numbers(t, "n")[0]);
        Assert.True(double.IsNaN(Numbers(t, "n")[1]));
    }

    [Fact]
    public void A_bad_cell_in_a_declared_numeric_column_names_file_line_column_text_and_expectation()
    {
        using var dir = new TempFolder();
        string path = dir.File("people.csv", "name,age\n\"Ann\nLee\",31\nBob,40\nCid,forty-two\n");
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnKind> { ["age"] = ColumnKind.Numeric } };
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(path, options));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 5", e.Message); // the quoted line break makes Bob line 4
        Assert.Contains("'age'", e.Message);
        Assert.Contains("\"forty-two\"", e.Message);
        Assert.Contains("number", e.Message);
        Assert.Contains("declared numeric", e.Message);
        Assert.Equal((path, 5, "age"), (e.FileName, e.Line, e.Column));
    }

    [Fact]
    public void A_ragged_row_names_the_file_and_line()
    {
        using var dir = new TempFolder();
        string path = dir.File("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("2 fields, expected 3", e.Message);
        Assert.Equal(3, e.Line);
        e = Assert.Throws<CsvFormatException>(() => CsvLoader.Parse("a,b\n1,2,3\n", name: "inline.csv"));
        Assert.Contains("inline.csv: line 2", e.Message);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_naming_the_line_where_it_opens()
    {
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Parse("a,b\n1,2\n3,\"open\n4,5\n6,7\n", name: "quote.csv"));
        Assert.Contains("quote.csv: line 3", e.Message);
        Assert.Contains("never closed", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Separators_are_detected_or_taken_as_given_and_blank_lines_are_skipped()
    {
        Assert.Equal([1.0, 3], Numbers(CsvLoader.Parse("a\tb\n1\t2\r\n\r\n3\t4\r\n"), "a"));
        Assert.Equal([2.0], Numbers(CsvLoader.Parse("a;b\n1;2\n"), "b"));
        Table pipes = CsvLoader.Parse("a|b\n1|x,y\n", new CsvOptions { Separator = '|' });
        Assert.Equal(["x,y"], Strings(pipes, "b"));
        Assert.Equal(0, CsvLoader.Parse("a,b\n").RowCount);
    }

    [Fact]
    public void Header_problems_are_errors_naming_the_file()
    {
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Parse("", name: "empty.csv"));
        Assert.Contains("empty.csv", e.Message);
        Assert.Contains("header", e.Message);
        e = Assert.Throws<CsvFormatException>(() => CsvLoader.Parse("a,b,a\n1,2,3\n", name: "dup.csv"));
        Assert.Contains("dup.csv: line 1", e.Message);
        Assert.Contains("'a'", e.Message);
        e = Assert.Throws<CsvFormatException>(() => CsvLoader.Parse("a,b\n1,2\n",
            new CsvOptions { ColumnTypes = new Dictionary<string, ColumnKind> { ["c"] = ColumnKind.Numeric } }, "cols.csv"));
        Assert.Contains("'c'", e.Message);
        Assert.Contains("a, b", e.Message);
        Assert.Throws<FileNotFoundException>(() => CsvLoader.Load("/no/such/file.csv"));
    }

    [Fact]
    public void A_stream_is_read_and_left_open()
    {
        using var stream = new MemoryStream("x,y\n1,a\n2,b\n"u8.ToArray());
        Table t = CsvLoader.Load(stream, "upload.csv");
        Assert.Equal(2, t.RowCount);
        Assert.True(stream.CanRead);
        using var bad = new MemoryStream("x\n1\nq\n"u8.ToArray());
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(bad, "upload.csv",
            new CsvOptions { ColumnTypes = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric } }));
        Assert.Contains("upload.csv: line 3", e.Message);
    }
}

/// <summary>A stream that can only be read forward (like a network stream).</summary>
internal sealed class ForwardOnlyStream(byte[] data) : Stream
{
    private readonly MemoryStream _inner = new(data);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
