namespace Glubina.Cli.Runs;

/// <summary>"Did you mean": the names nearest to a misspelt one by edit distance (case-insensitive).</summary>
internal static class ClosestNames
{
    /// <summary>Up to <paramref name="count"/> candidates within a distance of about a third of the name's length
    /// (at least 2), nearest first; if none is that close, the nearest ones anyway.</summary>
    public static IReadOnlyList<string> Find(string name, IEnumerable<string> candidates, int count = 3)
    {
        var scored = candidates.Select(c => (Name: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
        int limit = Math.Max(2, name.Length / 3);
        var close = scored.Where(x => x.Distance <= limit).Take(count).Select(x => x.Name).ToList();
        return close.Count > 0 ? close : scored.Take(count).Select(x => x.Name).ToList();
    }

    /// <summary>A message for an unknown name: what was asked, the closest names, and how many exist.</summary>
    public static string Unknown(string what, string name, string where, IReadOnlyCollection<string> candidates)
    {
        if (candidates.Count == 0)
            return $"{what} '{name}' is not in {where}, which has none.";
        var near = Find(name, candidates);
        string list = candidates.Count <= 12 ? $" Available: {string.Join(", ", candidates)}." : $" ({candidates.Count} in all.)";
        return $"{what} '{name}' is not in {where}. Closest: {string.Join(", ", near.Select(n => $"'{n}'"))}.{list}";
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
