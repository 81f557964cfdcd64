using Glubina.Data;
using Glubina.Data.Preprocessing;
using Glubina.Onnx.Graph;
using Glubina.Tensors;
using DataType = Glubina.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Glubina.Onnx.Conversion;

/// <summary>
/// A fitted <see cref="ColumnPipeline"/> as ONNX nodes. The graph takes one input per raw column, named as the column:
/// float32 [N, 1] for numeric columns (NaN = missing), string [N, 1] for categorical ones (the empty string = missing).
/// Scalers become Sub/Div/Mul/Add with per-column constants, imputation Where(IsNaN) for numbers, and category lookups
/// ai.onnx.ml LabelEncoder (string → slot or code), one-hot Equal against the slot range then Cast.
/// </summary>
internal sealed class PreprocessingConverter(GraphBuilder g)
{
    private const string Ml = "ai.onnx.ml";
    private readonly GraphBuilder _g = g;
    private readonly Dictionary<string, Col> _inputs = new(StringComparer.Ordinal);

    private abstract record Col;

    /// <summary>Float columns [N, Width].</summary>
    private sealed record Numbers(string Name, int Width) : Col;

    /// <summary>A raw string column [N, 1] whose value v stands for Replace.GetValueOrDefault(v, v) ("" = missing):
    /// imputation is folded into the lookup of the encoder that follows.</summary>
    private sealed record Text(string Name, string Column, IReadOnlyDictionary<string, string> Replace) : Col;

    public OnnxValue Convert(ColumnPipeline pipeline)
    {
        if (!pipeline.IsFitted)
            throw new OnnxExportException("preprocessing", nameof(ColumnPipeline), "the pipeline is not fitted.");
        var features = new List<Numbers>();
        foreach (ColumnStep step in pipeline.Steps)
        {
            var columns = step.Transformer.InputColumns.Select(Input).ToList();
            features.AddRange(Apply(step.Transformer, columns, $"preprocessing step '{step.Name}'").Cast<Numbers>());
        }
        foreach (ColumnSchema c in pipeline.RemainderColumns)
            features.Add((Numbers)Input(c));
        features.RemoveAll(f => f.Width == 0);
        int width = features.Sum(f => f.Width);
        if (width != pipeline.FeatureCount)
            throw new OnnxExportException("preprocessing", nameof(ColumnPipeline),
                $"the exported steps give {width} features but the pipeline has {pipeline.FeatureCount}.");
        string name = features.Count == 1 ? features[0].Name : _g.Node("Concat", features.Select(f => f.Name).ToArray(), Attr.Int("axis", 1));
        return new OnnxValue(name, DataType.Float, Tensor.Zeros([2, width]), Tensor.Zeros([3, width]));
    }

    private Col Input(ColumnSchema column)
    {
        if (_inputs.TryGetValue(column.Name, out Col? existing))
            return existing;
        bool numeric = column.Kind == ColumnKind.Numeric;
        _g.Input(column.Name, numeric ? DataType.Float : DataType.String, [null, 1], ["batch", "one"]);
        Col col = numeric ? new Numbers(column.Name, 1) : new Text(column.Name, column.Name, new Dictionary<string, string>());
        _inputs[column.Name] = col;
        return col;
    }

    private List<Col> Apply(TableTransformer transformer, List<Col> columns, string where)
    {
        switch (transformer)
        {
            case Pipeline p:
                foreach (var (name, inner) in p.Steps)
                    columns = Apply(inner, columns, $"{where} / '{name}'");
                return columns;
            case SimpleImputer imputer:
                return Impute(imputer, columns, where);
            case StandardScaler s:
                return [Affine(Block(columns, where, s), s.WithMean ? s.Mean : null, s.Scale, null, null)];
            case RobustScaler s:
                return [Affine(Block(columns, where, s), s.Center, s.Scale, null, null)];
            case MinMaxScaler s:
            {
                Numbers y = Affine(Block(columns, where, s), null, null, s.Scale, s.Min);
                if (!s.Clip)
                    return [y];
                string clipped = _g.Node("Clip", [y.Name, _g.Scalar("clip_min", s.FeatureMin), _g.Scalar("clip_max", s.FeatureMax)]);
                return [new Numbers(clipped, y.Width)];
            }
            case OneHotEncoder e:
                return columns.Select((c, j) => (Col)OneHot(e, AsText(c, where, e), j)).ToList();
            case OrdinalEncoder e:
                return columns.Select((c, j) => (Col)Ordinal(e, AsText(c, where, e), j)).ToList();
            default:
                throw new OnnxExportException(where, transformer.GetType().Name,
                    "this transformer has no ONNX mapping (supported: SimpleImputer, StandardScaler, MinMaxScaler, RobustScaler, " +
                    "OneHotEncoder, OrdinalEncoder, Pipeline).");
        }
    }

    private static Text AsText(Col c, string where, TableTransformer t) => c as Text
        ?? throw new OnnxExportException(where, t.GetType().Name, "expects raw categorical columns, got numbers from an earlier step.");

    /// <summary>The numeric columns side by side as one [N, W] block.</summary>
    private Numbers Block(List<Col> columns, string where, TableTransformer t)
    {
        var numbers = columns.Select(c => c as Numbers
            ?? throw new OnnxExportException(where, t.GetType().Name, $"column '{((Text)c).Column}' is categorical; scalers take numbers.")).ToList();
        return numbers.Count == 1 ? numbers[0]
            : new Numbers(_g.Node("Concat", numbers.Select(n => n.Name).ToArray(), Attr.Int("axis", 1)), numbers.Sum(n => n.Width));
    }

    /// <summary>((x − center) / scale) · mul + add, each part optional, with one constant per column.</summary>
    private Numbers Affine(Numbers x, IReadOnlyList<double>? center, IReadOnlyList<double>? scale,
        IReadOnlyList<double>? mul, IReadOnlyList<double>? add)
    {
        string y = x.Name;
        string Vector(string hint, IReadOnlyList<double> v) => _g.Floats(hint, v.Select(d => (float)d).ToArray(), 1, v.Count);
        if (center is not null)
            y = _g.Node("Sub", [y, Vector("center", center)]);
        if (scale is not null)
            y = _g.Node("Div", [y, Vector("scale", scale)]);
        if (mul is not null)
            y = _g.Node("Mul", [y, Vector("mul", mul)]);
        if (add is not null)
            y = _g.Node("Add", [y, Vector("add", add)]);
        return new Numbers(y, x.Width);
    }

    private List<Col> Impute(SimpleImputer imputer, List<Col> columns, string where)
    {
        var result = new List<Col>();
        int feature = 0;
        foreach (Col c in columns)
        {
            if (c is Numbers n)
            {
                float[] fill = Enumerable.Range(feature, n.Width).Select(j => (float)imputer.Statistics[j]).ToArray();
                string filled = _g.Node("Where", [_g.Node("IsNaN", [n.Name]), _g.Floats("fill", fill, 1, n.Width), n.Name]);
                result.Add(new Numbers(filled, n.Width));
                feature += n.Width;
                continue;
            }
            var text = (Text)c;
            string value = imputer.TextStatistics[feature++]
                ?? throw new OnnxExportException(where, nameof(SimpleImputer), $"no fill value for column '{text.Column}'.");
            // Missing ("" after earlier replacements) becomes the fill value.
            var replace = text.Replace.ToDictionary(kv => kv.Key, kv => kv.Value.Length == 0 ? value : kv.Value, StringComparer.Ordinal);
            replace.TryAdd("", value);
            result.Add(text with { Replace = replace });
        }
        return result;
    }

    /// <summary>Keys of the raw strings and what each stands for, categories first, replacements overriding them.</summary>
    private static Dictionary<string, T> Lookup<T>(Text text, IReadOnlyList<string?> categories, Func<int, T> known, T unknown)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < categories.Count; k++)
            index[categories[k] ?? ""] = k;
        var map = index.ToDictionary(kv => kv.Key, kv => known(kv.Value), StringComparer.Ordinal);
        foreach (var (raw, value) in text.Replace)
            map[raw] = index.TryGetValue(value, out int k) ? known(k) : unknown;
        return map;
    }

    private Numbers OneHot(OneHotEncoder encoder, Text text, int column)
    {
        IReadOnlyList<string?> categories = encoder.Categories[column];
        var infrequent = new HashSet<string?>(encoder.InfrequentCategories[column]);
        // Output slots as Glubina's encoder lays them out: frequent categories in order, then one infrequent slot;
        // then the dropped category's slot is removed.
        var slots = new int[categories.Count];
        int width = 0;
        for (int k = 0; k < categories.Count; k++)
            if (!infrequent.Contains(categories[k]))
                slots[k] = width++;
        int infrequentSlot = -1;
        if (infrequent.Count > 0)
        {
            infrequentSlot = width++;
            for (int k = 0; k < categories.Count; k++)
                if (infrequent.Contains(categories[k]))
                    slots[k] = infrequentSlot;
        }
        if (encoder.DropIndex[column] is int drop)
        {
            int dropped = slots[drop];
            for (int k = 0; k < slots.Length; k++)
                slots[k] = slots[k] == dropped ? -1 : slots[k] > dropped ? slots[k] - 1 : slots[k];
            width--;
        }
        const long errorMarker = -2;
        long unknown = encoder.HandleUnknown switch
        {
            OneHotUnknown.Ignore => -1,
            OneHotUnknown.InfrequentIfExist => infrequentSlot,
            _ => errorMarker,
        };
        var map = Lookup(text, categories, k => (long)slots[k], unknown);
        string codes = _g.Node("LabelEncoder", [text.Name], Ml,
            Attr.Strings("keys_strings", map.Keys), Attr.Ints("values_int64s", [.. map.Values]), Attr.Int("default_int64", unknown));
        if (width == 0)
            return new Numbers(codes, 0);
        long[] range = Enumerable.Range(0, width).Select(i => (long)i).ToArray();
        string hot = _g.Node("Cast", [_g.Node("Equal", [codes, _g.LongsShaped("slots", range, 1, width)])],
            Attr.Int("to", (long)DataType.Float));
        if (unknown == errorMarker)
        {
            // Glubina refuses unknown categories here; ONNX cannot raise, so the row's features become NaN.
            string isUnknown = _g.Node("Equal", [codes, _g.LongsShaped("unknown_marker", [errorMarker], 1, 1)]);
            hot = _g.Node("Where", [isUnknown, _g.Scalar("nan", double.NaN), hot]);
        }
        return new Numbers(hot, width);
    }

    private Numbers Ordinal(OrdinalEncoder encoder, Text text, int column)
    {
        IReadOnlyList<string?> categories = encoder.Categories[column];
        // Glubina refuses unknown categories in error mode; ONNX cannot raise, so they become NaN.
        float unknown = (float)(encoder.UnknownValue ?? double.NaN);
        var map = Lookup(text, categories, k => categories[k] is null ? (float)encoder.EncodedMissingValue : k, unknown);
        string codes = _g.Node("LabelEncoder", [text.Name], Ml,
            Attr.Strings("keys_strings", map.Keys), Attr.Floats("values_floats", map.Values), Attr.Float("default_float", unknown));
        return new Numbers(codes, 1);
    }
}
