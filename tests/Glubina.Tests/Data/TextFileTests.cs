using Glubina.Data;

namespace Glubina.Tests.Data;

public sealed class TextFileTests
{
    [Fact]
    public void Reads_tiny_shakespeare_whole()
    {
        string text = TextFile.ReadAll(SharedData.PathOf("tiny-shakespeare", "input.txt"));
        Assert.Equal(1_115_394, text.Length);
        Assert.Equal(65, text.Distinct().Count());
        Assert.StartsWith("First Citizen:", text);
    }

    [Fact]
    public void Reads_the_sms_spam_collection_as_labeled_lines()
    {
        var rows = TextFile.ReadLabeledLines(SharedData.PathOf("sms-spam-collection", "SMSSpamCollection")).ToList();
        Assert.Equal(5574, rows.Count);
        Assert.Equal(4827, rows.Count(r => r.Label == "ham"));
        Assert.Equal(747, rows.Count(r => r.Label == "spam"));
        Assert.Equal("Ok lar... Joking wif u oni...", rows[1].Text);
    }

    [Fact]
    public void Lines_skip_a_byte_order_mark_and_keep_utf8()
    {
        using var dir = new TempFolder();
        string path = dir.File("bom.txt");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "naïve\r\nцифры\n"u8.ToArray()]);
        Assert.Equal(["naïve", "цифры"], TextFile.ReadLines(path));
        Assert.Equal("naïve\r\nцифры\n", TextFile.ReadAll(path));
    }

    [Fact]
    public void Invalid_utf8_and_unlabeled_lines_are_errors_naming_file_and_line()
    {
        using var dir = new TempFolder();
        string bad = dir.File("bad.txt");
        File.WriteAllBytes(bad, [.. "ok\nfine\n"u8.ToArray(), 0x41, 0xC3, 0x28, 0x0A]);
        var e = Assert.Throws<InvalidDataException>(() => TextFile.ReadAll(bad));
        Assert.Contains(bad, e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("byte 9", e.Message);
        e = Assert.Throws<InvalidDataException>(() => TextFile.ReadLines(bad).ToList());
        Assert.Contains(bad, e.Message);
        Assert.Contains("line 3", e.Message);

        string unlabeled = dir.File("labels.tsv", "ham\thello\n\nspam no tab here\n");
        e = Assert.Throws<InvalidDataException>(() => TextFile.ReadLabeledLines(unlabeled).ToList());
        Assert.Contains(unlabeled, e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Throws<FileNotFoundException>(() => TextFile.ReadLines(Path.Combine(dir.Path, "none.txt")));
    }
}
