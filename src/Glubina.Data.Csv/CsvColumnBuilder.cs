using System.Globalization;
using nietras.SeparatedValues;

namespace Glubina.Data.Csv;

/// <summary>
/// Collects one column's cells. A column is numeric (declared, fixed by an earlier chunk, or inferred so far) or
/// categorical. When an inferred numeric column meets a cell that is not a number it becomes categorical, and its
/// earlier cells must keep their exact text ("007" stays "007"): either their text was kept (<c>keepRaw</c>, for
/// sources that cannot be read twice, in a compact character buffer) or the caller reads the source again with
/// the column declared categorical (<see cref="NeedsReread"/>).
/// </summary>
internal sealed class CsvColumnBuilder
{
    // Above this many distinct values a column is free text: new strings are no longer interned.
    private const int InternLimit = 1 << 16;

    private readonly CsvColumnOrigin _origin;
    private readonly bool _inferring;
    private readonly CsvSegmentedList<double> _numbers = new();
    private CsvSegmentedList<string?>? _strings;
    private HashSet<string>? _interned;
    private char[] _raw = [];
    private int _rawLength;
    private List<int>? _rawEnds;

    public CsvColumnBuilder(string name, ColumnKind? kind, CsvColumnOrigin origin, bool keepRaw)
    {
        Name = name;
        _origin = origin;
        _inferring = kind is null;
        if (kind == ColumnKind.Categorical)
            StartStrings();
        else if (kind is null && keepRaw)
            _rawEnds = [];
    }

    public string Name { get; }

    public bool IsNumeric => _strings is null;

    /// <summary>True when the column became categorical after numeric cells whose text was not kept: the table
    /// must be read again with this column declared categorical.</summary>
    public bool NeedsReread { get; private set; }

    public void Add(SepReader.Col col, bool missing, in CsvCellContext where)
    {
        ReadOnlySpan<char> cell = col.Span;
        if (_strings is not null)
        {
            _strings.Add(missing ? null : Intern(cell));
            return;
        }
        if (missing)
        {
            _numbers.Add(double.NaN);
            _rawEnds?.Add(~_rawLength);
            return;
        }
        // Sep's fast float parser first (twice as fast), .NET's invariant parser for anything it refuses. Sep reads
        // ',' as a thousands separator ("1,5" → 15), so such cells go to .NET's parser, which refuses them.
        bool parsed = cell.Contains(',')
            ? double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            : col.TryParse(out value) || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        if (parsed)
        {
            _numbers.Add(value);
            if (_rawEnds is not null)
                KeepRaw(cell);
            return;
        }
        if (!_inferring)
            throw where.BadNumber(Name, cell, _origin);
        BecomeCategorical();
        _strings!.Add(Intern(cell));
    }

    public Column Build() => _strings is null
        ? new NumericColumn(Name, _numbers.ToArray())
        : new CategoricalColumn(Name, _strings.ToArray());

    private void KeepRaw(ReadOnlySpan<char> cell)
    {
        if (_rawLength + cell.Length > _raw.Length)
            Array.Resize(ref _raw, Math.Max(_raw.Length * 2, Math.Max(1024, _rawLength + cell.Length)));
        cell.CopyTo(_raw.AsSpan(_rawLength));
        _rawLength += cell.Length;
        _rawEnds!.Add(_rawLength);
    }

    private void BecomeCategorical()
    {
        int earlier = _numbers.Count;
        StartStrings();
        if (_rawEnds is null)
        {
            // The text of the earlier cells is gone; the placeholders are replaced when the source is read again.
            NeedsReread = earlier > 0;
            for (int i = 0; i < earlier; i++)
                _strings!.Add(null);
        }
        else
        {
            int start = 0;
            foreach (int end in _rawEnds)
            {
                if (end < 0)
                {
                    _strings!.Add(null);
                    start = ~end;
                    continue;
                }
                _strings!.Add(Intern(_raw.AsSpan(start, end - start)));
                start = end;
            }
        }
        _numbers.Clear();
        _raw = [];
        _rawEnds = null;
    }

    private void StartStrings()
    {
        _strings = new CsvSegmentedList<string?>();
        _interned = new HashSet<string>(StringComparer.Ordinal);
    }

    private string Intern(ReadOnlySpan<char> cell)
    {
        var lookup = _interned!.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(cell, out string? known))
            return known;
        string s = cell.ToString();
        if (_interned.Count < InternLimit)
            _interned.Add(s);
        return s;
    }
}

/// <summary>Why a column is numeric, for the error message about a cell that is not a number.</summary>
internal enum CsvColumnOrigin
{
    Inferred,
    Declared,
    FixedByFirstChunk,
}
