using System.Text;

namespace Glubina.Formatting;

/// <summary>Renders rows of cells as a fixed-width text table (chosen columns left-aligned, the others — numbers —
/// right-aligned) for the <c>ToString</c> of profiles and inspections.</summary>
internal sealed class TextTable(params string[] header)
{
    private readonly List<string[]> _rows = [header];

    public void Add(params string[] cells)
    {
        if (cells.Length != header.Length)
            throw new ArgumentException($"TextTable: a row has {cells.Length} cells, the header {header.Length}.", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>Appends the table; <paramref name="leftAligned"/> lists the text columns (default: the first).</summary>
    public void AppendTo(StringBuilder sb, params int[] leftAligned)
    {
        if (leftAligned.Length == 0)
            leftAligned = [0];
        var widths = new int[header.Length];
        foreach (string[] row in _rows)
        {
            for (int j = 0; j < row.Length; j++)
                widths[j] = Math.Max(widths[j], row[j].Length);
        }
        for (int i = 0; i < _rows.Count; i++)
        {
            string[] row = _rows[i];
            for (int j = 0; j < row.Length; j++)
            {
                if (j > 0)
                    sb.Append("  ");
                sb.Append(leftAligned.Contains(j) ? row[j].PadRight(widths[j]) : row[j].PadLeft(widths[j]));
            }
            TrimEnd(sb);
            sb.Append('\n');
            if (i == 0)
                sb.Append('-', widths.Sum() + 2 * (widths.Length - 1)).Append('\n');
        }
    }

    private static void TrimEnd(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ')
            sb.Length--;
    }
}
