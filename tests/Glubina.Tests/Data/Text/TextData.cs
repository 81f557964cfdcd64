using Glubina.Data;

namespace Glubina.Tests.Data.Text;

/// <summary>The shared text datasets, read once per test run.</summary>
internal static class TextData
{
    private static readonly Lazy<string> s_shakespeare = new(() => TextFile.ReadAll(SharedData.PathOf("tiny-shakespeare", "input.txt")));
    private static readonly Lazy<(string Label, string Text)[]> s_sms =
        new(() => TextFile.ReadLabeledLines(SharedData.PathOf("sms-spam-collection", "SMSSpamCollection")).ToArray());

    public static string Shakespeare => s_shakespeare.Value;

    public static (string Label, string Text)[] Sms => s_sms.Value;

    /// <summary>The first 80 % of the messages (training part) and the rest.</summary>
    public static (string[] Train, string[] Test) SmsSplit()
    {
        var texts = Sms.Select(m => m.Text).ToArray();
        int n = texts.Length * 4 / 5;
        return (texts[..n], texts[n..]);
    }
}
