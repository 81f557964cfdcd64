using System.Diagnostics;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Diagnostics;

/// <summary>
/// Per-layer forward time from forward pre-hooks and hooks. Between any two hook events the clock is charged to the
/// innermost module running (the top of a call stack), so each module gets its own time, without its hooked
/// children's. Rows are the leaves and the modules with parameters of their own (a multi-head attention's packed
/// projections and the attention itself run outside its output-projection child); what a pure container does
/// between its children (a residual add, for instance) is charged to no row.
/// </summary>
internal static class LayerTimer
{
    public static IReadOnlyList<LayerProfile> Measure(Module model, Tensor input, ProfileOptions options)
    {
        var names = new Dictionary<Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in model.NamedModules())
            names.TryAdd(module, name.Length == 0 ? "(model)" : name);
        var order = new List<Module>();
        var listed = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var isRow = names.Keys.ToDictionary(m => m, m => m.NamedChildren().Count == 0 || m.OwnParameterCount() > 0,
            (IEqualityComparer<Module>)ReferenceEqualityComparer.Instance);
        var shapes = new Dictionary<Module, (int[] Shape, long Bytes)>(ReferenceEqualityComparer.Instance);
        var current = new Dictionary<Module, double>(ReferenceEqualityComparer.Instance);
        var running = new Stack<Module>();
        long last = 0;
        // The time since the last event belongs to the innermost module running.
        void Charge()
        {
            long now = Stopwatch.GetTimestamp();
            if (running.TryPeek(out Module? top))
                current[top] = current.GetValueOrDefault(top) + Stopwatch.GetElapsedTime(last, now).TotalMilliseconds;
        }
        var hooks = new List<IDisposable>();
        foreach (Module module in names.Keys)
        {
            hooks.Add(module.RegisterForwardPreHook((m, _) =>
            {
                Charge();
                running.Push(m);
                if (isRow[m] && listed.Add(m))
                    order.Add(m);
                // Read the clock again so the hook's own bookkeeping is not charged to anyone.
                last = Stopwatch.GetTimestamp();
            }));
            hooks.Add(module.RegisterForwardHook((m, _, output) =>
            {
                Charge();
                if (running.Count > 0)
                    running.Pop();
                if (isRow[m])
                    shapes.TryAdd(m, (output.ShapeArray(), (long)output.Numel * output.DType.ElementSize()));
                last = Stopwatch.GetTimestamp();
            }));
        }
        var samples = new Dictionary<Module, List<double>>(ReferenceEqualityComparer.Instance);
        try
        {
            for (int i = 0; i < options.WarmupRuns; i++)
            {
                using var scope = new TensorScope();
                model.Call(input);
            }
            long budgetEnd = Stopwatch.GetTimestamp() + (long)(options.TimeBudgetPerBatchSize.TotalSeconds * Stopwatch.Frequency);
            int minimum = Math.Min(3, options.Repeats);
            for (int r = 0; r < options.Repeats && (r < minimum || Stopwatch.GetTimestamp() < budgetEnd); r++)
            {
                current.Clear();
                running.Clear();
                using (var scope = new TensorScope())
                {
                    last = Stopwatch.GetTimestamp();
                    model.Call(input);
                }
                foreach (var (m, ms) in current)
                {
                    if (!isRow[m])
                        continue;
                    if (!samples.TryGetValue(m, out var list))
                        samples[m] = list = [];
                    list.Add(ms);
                }
            }
        }
        finally
        {
            foreach (IDisposable h in hooks)
                h.Dispose();
        }
        var medians = order.Select(m => ModelProfiler.Median(samples.GetValueOrDefault(m) ?? [])).ToList();
        double total = medians.Where(double.IsFinite).Sum();
        return order.Select((m, i) => new LayerProfile(names[m], m.GetType().Name, shapes[m].Shape, medians[i],
            total > 0 ? medians[i] / total : 1.0 / order.Count, shapes[m].Bytes, m.OwnParameterCount())).ToList();
    }
}
