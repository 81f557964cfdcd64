namespace Glubina.Data.Text;

/// <summary>
/// GPT-2's byte ↔ character table: each of the 256 byte values is shown as a printable character (printable
/// Latin-1 bytes as themselves, the others from U+0100 up; a space is 'Ġ'). Byte-level BPE tokens are strings of
/// these characters, the layout HuggingFace and Microsoft.ML.Tokenizers (<c>ByteLevel = true</c>) use.
/// </summary>
internal static class ByteLevel
{
    public static readonly char[] ByteToChar = BuildTable();
    private static readonly Dictionary<char, byte> s_charToByte = Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    private static char[] BuildTable()
    {
        var table = new char[256];
        var printable = new bool[256];
        for (int b = '!'; b <= '~'; b++)
            printable[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++)
            printable[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++)
            printable[b] = true;
        int next = 256;
        for (int b = 0; b < 256; b++)
            table[b] = printable[b] ? (char)b : (char)next++;
        return table;
    }

    public static bool TryGetByte(char c, out byte b) => s_charToByte.TryGetValue(c, out b);
}
