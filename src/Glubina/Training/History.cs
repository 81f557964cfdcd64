using System.Globalization;
using System.Text;

namespace Glubina.Training;

/// <summary>Per-epoch values recorded by <c>Fit</c>: "loss", metrics ("accuracy"…), their validation
/// counterparts ("val_loss", "val_accuracy"…), "lr" and "epoch_seconds", like Keras' History.</summary>
public sealed class History
{
    private readonly List<IReadOnlyDictionary<string, double>> _epochs = [];

    /// <summary>Logs of each completed epoch, in order (epoch i is at index i).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Epochs => _epochs;

    /// <summary>Number of completed epochs recorded.</summary>
    public int Count => _epochs.Count;

    internal void Add(IReadOnlyDictionary<string, double> logs) => _epochs.Add(new Dictionary<string, double>(logs));

    /// <summary>Names recorded in any epoch, in first-seen order.</summary>
    public IReadOnlyList<string> Keys => _epochs.SelectMany(e => e.Keys).Distinct().ToList();

    /// <summary>The values of one key over the epochs (NaN where an epoch lacks it).</summary>
    public double[] this[string key]
    {
        get
        {
            if (!_epochs.Any(e => e.ContainsKey(key)))
                throw new KeyNotFoundException($"History has no '{key}'. Keys: {string.Join(", ", Keys)}.");
            return _epochs.Select(e => e.TryGetValue(key, out double v) ? v : double.NaN).ToArray();
        }
    }

    /// <summary>Whether any epoch recorded <paramref name="key"/> (e.g. "val_loss").</summary>
    public bool Contains(string key) => _epochs.Any(e => e.ContainsKey(key));

    /// <summary>CSV text: an "epoch" column then one column per key.</summary>
    public string ToCsv()
    {
        var keys = Keys;
        var sb = new StringBuilder("epoch");
        foreach (string k in keys)
            sb.Append(',').Append(k);
        sb.Append('\n');
        for (int i = 0; i < _epochs.Count; i++)
        {
            sb.Append(i + 1);
            foreach (string k in keys)
                sb.Append(',').Append(_epochs[i].TryGetValue(k, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
