using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// One 0/1 output column per category of each categorical input column, like scikit-learn's <c>OneHotEncoder</c>
/// (dense output): categories sorted in code-point order with missing (null, named "nan") last; output names
/// "{column}_{category}" (sklearn's <c>get_feature_names_out</c>). Optional: unknown categories ignored (all zeros)
/// or mapped to the infrequent category, rare categories grouped into "{column}_infrequent_sklearn"
/// (<c>min_frequency</c>, <c>max_categories</c>), and dropping the first category (<c>drop</c>).
/// </summary>
public sealed class OneHotEncoder : TableTransformer
{
    private CategorySet[] _sets = [];
    private int[][] _infrequent = [];
    private int?[] _dropIndex = [];
    private ColumnMap[] _maps = [];

    /// <param name="handleUnknown">What to do with a category not seen in training.</param>
    /// <param name="drop">Which category to leave out per column.</param>
    /// <param name="minFrequency">Categories seen fewer times than this become infrequent (sklearn int <c>min_frequency</c>).</param>
    /// <param name="minFrequencyFraction">Categories seen in fewer than this fraction of the rows become infrequent
    /// (sklearn float <c>min_frequency</c>).</param>
    /// <param name="maxCategories">At most this many output columns per input column, the infrequent one included
    /// (sklearn <c>max_categories</c>, at least 2 here).</param>
    public OneHotEncoder(OneHotUnknown handleUnknown = OneHotUnknown.Error, OneHotDrop drop = OneHotDrop.None,
        int? minFrequency = null, double? minFrequencyFraction = null, int? maxCategories = null)
    {
        if (minFrequency is < 1)
            throw new ArgumentOutOfRangeException(nameof(minFrequency), minFrequency, "OneHotEncoder: minFrequency must be at least 1.");
        if (minFrequencyFraction is not null && !(minFrequencyFraction > 0 && minFrequencyFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(minFrequencyFraction), minFrequencyFraction,
                "OneHotEncoder: minFrequencyFraction must be in (0, 1).");
        if (minFrequency is not null && minFrequencyFraction is not null)
            throw new ArgumentException("OneHotEncoder: give minFrequency (a count) or minFrequencyFraction, not both.");
        if (maxCategories is < 2)
            throw new ArgumentOutOfRangeException(nameof(maxCategories), maxCategories, "OneHotEncoder: maxCategories must be at least 2.");
        if (drop != OneHotDrop.None && (minFrequency is not null || minFrequencyFraction is not null || maxCategories is not null))
            throw new ArgumentException(
                $"OneHotEncoder: drop = {drop} together with infrequent categories (minFrequency, maxCategories) is not supported.");
        HandleUnknown = handleUnknown;
        Drop = drop;
        MinFrequency = minFrequency;
        MinFrequencyFraction = minFrequencyFraction;
        MaxCategories = maxCategories;
    }

    /// <inheritdoc/>
    public override string TypeName => "one_hot_encoder";

    /// <summary>What happens to a category not seen in training.</summary>
    public OneHotUnknown HandleUnknown { get; }

    /// <summary>Which category per column is left out.</summary>
    public OneHotDrop Drop { get; }

    /// <summary>Minimum count of a frequent category, or null.</summary>
    public int? MinFrequency { get; }

    /// <summary>Minimum fraction of rows of a frequent category, or null.</summary>
    public double? MinFrequencyFraction { get; }

    /// <summary>Maximum number of output columns per input column, or null.</summary>
    public int? MaxCategories { get; }

    private bool InfrequentEnabled => MinFrequency is not null || MinFrequencyFraction is not null || MaxCategories is not null;

    /// <summary>Per column, the categories seen in training (sklearn <c>categories_</c>; null = missing, last).</summary>
    public IReadOnlyList<IReadOnlyList<string?>> Categories =>
        IsFitted ? _sets.Select(s => (IReadOnlyList<string?>)s.Categories).ToArray() : throw NotFitted("Categories");

    /// <summary>Per column, the infrequent categories (sklearn <c>infrequent_categories_</c>), empty when none.</summary>
    public IReadOnlyList<IReadOnlyList<string?>> InfrequentCategories => IsFitted
        ? _sets.Select((s, j) => (IReadOnlyList<string?>)_infrequent[j].Select(k => s.Categories[k]).ToArray()).ToArray()
        : throw NotFitted("InfrequentCategories");

    /// <summary>Per column, the index into <see cref="Categories"/> of the dropped category (sklearn <c>drop_idx_</c>).</summary>
    public IReadOnlyList<int?> DropIndex => IsFitted ? _dropIndex : throw NotFitted("DropIndex");

    /// <inheritdoc/>
    protected override void CheckKind(string column, ColumnKind kind) => RequireCategorical(column, kind);

    /// <inheritdoc/>
    protected override void FitCore(IReadOnlyList<Column> columns)
    {
        int f = columns.Count;
        var sets = new CategorySet[f];
        var infrequent = new int[f][];
        var drop = new int?[f];
        for (int j = 0; j < f; j++)
        {
            var values = ((CategoricalColumn)columns[j]).Values;
            (sets[j], int[] counts) = CategorySet.Learn(values);
            infrequent[j] = InfrequentEnabled ? IdentifyInfrequent(counts, values.Length) : [];
            drop[j] = Drop switch
            {
                OneHotDrop.First => 0,
                OneHotDrop.IfBinary when sets[j].Count == 2 => 0,
                _ => null,
            };
        }
        SetState(sets, infrequent, drop);
    }

    // sklearn's _identify_infrequent: below the minimum frequency, then the least frequent (stable order) until at
    // most MaxCategories outputs remain, the infrequent output included.
    private int[] IdentifyInfrequent(int[] counts, int rows)
    {
        var mask = new bool[counts.Length];
        for (int k = 0; k < counts.Length; k++)
            mask[k] = (MinFrequency is int m && counts[k] < m) || (MinFrequencyFraction is double q && counts[k] < rows * q);
        int current = counts.Length - mask.Count(b => b) + 1;
        if (MaxCategories is int max && max < current)
        {
            var ascending = Enumerable.Range(0, counts.Length).OrderBy(k => counts[k]).ToArray();
            foreach (int k in ascending.Take(Math.Max(0, counts.Length - (max - 1))))
                mask[k] = true;
        }
        return Enumerable.Range(0, counts.Length).Where(k => mask[k]).ToArray();
    }

    private void SetState(CategorySet[] sets, int[][] infrequent, int?[] drop)
    {
        _sets = sets;
        _infrequent = infrequent;
        _dropIndex = drop;
        _maps = sets.Select((s, j) => new ColumnMap(s, infrequent[j], drop[j], HandleUnknown)).ToArray();
    }

    /// <inheritdoc/>
    protected override Column[] TransformCore(IReadOnlyList<Column> columns)
    {
        var result = new List<Column>();
        for (int j = 0; j < columns.Count; j++)
        {
            var c = (CategoricalColumn)columns[j];
            var map = _maps[j];
            var outputs = new double[map.Width][];
            for (int k = 0; k < outputs.Length; k++)
                outputs[k] = new double[c.Length];
            for (int r = 0; r < c.Length; r++)
            {
                int index = map.Set.IndexOf(c.Values[r]);
                int slot = index >= 0 ? map.Slots[index] : map.UnknownSlot;
                if (index < 0 && HandleUnknown == OneHotUnknown.Error)
                    throw new ArgumentException(
                        $"{Label}: column '{c.Name}' row {r} has category {(c.Values[r] is null ? "(missing)" : $"'{c.Values[r]}'")} " +
                        $"that was not seen in training; known: {map.Set.Describe()}. " +
                        "Use OneHotUnknown.Ignore to encode unknown categories as all zeros.");
                if (slot >= 0)
                    outputs[slot][r] = 1;
            }
            var names = map.Names(c.Name);
            for (int k = 0; k < outputs.Length; k++)
                result.Add(new NumericColumn(names[k], outputs[k]));
        }
        return result.ToArray();
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> OutputColumnsCore() =>
        InputColumns.SelectMany((c, j) => _maps[j].Names(c.Name)).ToArray();

    /// <inheritdoc/>
    protected override void WriteParams(JsonObject parameters)
    {
        parameters["handle_unknown"] = HandleUnknown switch
        {
            OneHotUnknown.Error => "error",
            OneHotUnknown.Ignore => "ignore",
            _ => "infrequent_if_exist",
        };
        parameters["drop"] = Drop switch { OneHotDrop.First => "first", OneHotDrop.IfBinary => "if_binary", _ => "none" };
        parameters["min_frequency"] = MinFrequency;
        parameters["min_frequency_fraction"] = MinFrequencyFraction is double q ? JsonState.Number(q) : null;
        parameters["max_categories"] = MaxCategories;
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject state)
    {
        state["categories"] = new JsonArray(_sets.Select(s => (JsonNode?)JsonState.Texts(s.Categories)).ToArray());
        state["infrequent"] = new JsonArray(_infrequent.Select(ix => (JsonNode?)JsonState.Numbers(ix.Select(k => (double)k))).ToArray());
        state["drop_idx"] = new JsonArray(_dropIndex.Select(d => d is int k ? (JsonNode?)JsonValue.Create(k) : null).ToArray());
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject state, IReadOnlyList<ColumnSchema> columns)
    {
        const string owner = nameof(OneHotEncoder);
        var cats = JsonState.Array(state, "categories", owner);
        var infrequent = JsonState.Array(state, "infrequent", owner);
        var drop = JsonState.Array(state, "drop_idx", owner);
        if (cats.Count != columns.Count || infrequent.Count != columns.Count || drop.Count != columns.Count)
            throw new FormatException(
                $"{owner} JSON: 'categories', 'infrequent' and 'drop_idx' must each have {columns.Count} entries (one per " +
                $"fitted column); got {cats.Count}, {infrequent.Count}, {drop.Count}.");
        var sets = new CategorySet[columns.Count];
        var infreq = new int[columns.Count][];
        var dropIdx = new int?[columns.Count];
        for (int j = 0; j < columns.Count; j++)
        {
            string where = $"{owner} JSON column '{columns[j].Name}'";
            sets[j] = new CategorySet(JsonState.Texts(cats[j], where + " categories"));
            infreq[j] = (infrequent[j] as JsonArray ?? throw new FormatException($"{where}: 'infrequent' entry must be an array."))
                .Select(n => CheckIndex((int)JsonState.Double(n, where + " infrequent"), sets[j].Count, where)).ToArray();
            dropIdx[j] = drop[j] is null ? null : CheckIndex((int)JsonState.Double(drop[j], where + " drop_idx"), sets[j].Count, where);
        }
        SetState(sets, infreq, dropIdx);
    }

    private static int CheckIndex(int index, int count, string where) =>
        index >= 0 && index < count ? index : throw new FormatException($"{where}: category index {index} is outside [0, {count}).");

    /// <summary>Reads an encoder written by <see cref="TableTransformer.ToJson"/>.</summary>
    public static OneHotEncoder FromJson(JsonObject json)
    {
        const string owner = nameof(OneHotEncoder);
        var p = ReadParams(json, "one_hot_encoder", owner);
        string unknown = JsonState.String(p, "handle_unknown", owner);
        string drop = JsonState.String(p, "drop", owner);
        var encoder = new OneHotEncoder(
            unknown switch
            {
                "error" => OneHotUnknown.Error,
                "ignore" => OneHotUnknown.Ignore,
                "infrequent_if_exist" => OneHotUnknown.InfrequentIfExist,
                _ => throw new FormatException($"{owner} JSON: handle_unknown must be error, ignore or infrequent_if_exist; got '{unknown}'."),
            },
            drop switch
            {
                "none" => OneHotDrop.None,
                "first" => OneHotDrop.First,
                "if_binary" => OneHotDrop.IfBinary,
                _ => throw new FormatException($"{owner} JSON: drop must be none, first or if_binary; got '{drop}'."),
            },
            JsonState.IsNull(p, "min_frequency") ? null : JsonState.Int(p, "min_frequency", owner),
            JsonState.IsNull(p, "min_frequency_fraction") ? null : JsonState.Double(p, "min_frequency_fraction", owner),
            JsonState.IsNull(p, "max_categories") ? null : JsonState.Int(p, "max_categories", owner));
        encoder.LoadState(json);
        return encoder;
    }

    /// <summary>Where each category of one input column goes: an output slot, or -1 (dropped / no output).</summary>
    private sealed class ColumnMap
    {
        private readonly string[] _labels;

        public ColumnMap(CategorySet set, int[] infrequent, int? drop, OneHotUnknown handleUnknown)
        {
            Set = set;
            Slots = new int[set.Count];
            var isInfrequent = new bool[set.Count];
            foreach (int k in infrequent)
                isInfrequent[k] = true;
            var labels = new List<string>();
            for (int k = 0; k < set.Count; k++)
            {
                if (isInfrequent[k])
                    continue;
                Slots[k] = labels.Count;
                labels.Add(CategorySet.Display(set.Categories[k]));
            }
            int infrequentSlot = -1;
            if (infrequent.Length > 0)
            {
                infrequentSlot = labels.Count;
                labels.Add("infrequent_sklearn");
                foreach (int k in infrequent)
                    Slots[k] = infrequentSlot;
            }
            UnknownSlot = handleUnknown == OneHotUnknown.InfrequentIfExist ? infrequentSlot : -1;
            if (drop is int d)
            {
                // Infrequent grouping and drop are never combined (the constructor refuses it), so slot == index here.
                int dropped = Slots[d];
                for (int k = 0; k < Slots.Length; k++)
                    Slots[k] = Slots[k] == dropped ? -1 : Slots[k] > dropped ? Slots[k] - 1 : Slots[k];
                labels.RemoveAt(dropped);
            }
            _labels = labels.ToArray();
        }

        public CategorySet Set { get; }

        public int[] Slots { get; }

        public int UnknownSlot { get; }

        public int Width => _labels.Length;

        public string[] Names(string column) => _labels.Select(l => $"{column}_{l}").ToArray();
    }
}
