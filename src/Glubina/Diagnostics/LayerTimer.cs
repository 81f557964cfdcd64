using System.Diagnostics;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Diagnostics;

/// <summary>
/// Per-layer forward time from forward hooks. Modules only have hooks that run after a call, so each hook event
/// is charged the time since the previous event (or since the forward began): for a leaf layer that is its own
/// forward, since the leaves of a container run one after another. Time a container spends after its last child
/// (a residual add, for instance) lands on the container and is charged to no layer.
/// </summary>
internal static class LayerTimer
{
    public static IReadOnlyList<LayerProfile> Measure(Module model, Tensor input, ProfileOptions options)
    {
        var names = new Dictionary<Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in model.NamedModules())
            names.TryAdd(module, name.Length == 0 ? "(model)" : name);
        var order = new List<Module>();
        var shapes = new Dictionary<Module, (int[] Shape, long Bytes)>(ReferenceEqualityComparer.Instance);
        var current = new Dictionary<Module, double>(ReferenceEqualityComparer.Instance);
        long last = 0;
        var hooks = new List<IDisposable>();
        foreach (Module module in names.Keys)
        {
            bool leaf = module.NamedChildren().Count == 0;
            hooks.Add(module.RegisterForwardHook((m, _, output) =>
            {
                long now = Stopwatch.GetTimestamp();
                if (leaf)
                {
                    double ms = Stopwatch.GetElapsedTime(last, now).TotalMilliseconds;
                    if (!current.TryAdd(m, ms))
                        current[m] += ms;
                    if (shapes.TryAdd(m, (output.ShapeArray(), (long)output.Numel * output.DType.ElementSize())))
                        order.Add(m);
                }
                // Read the clock again so the hook's own bookkeeping is not charged to the next layer.
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
                using (var scope = new TensorScope())
                {
                    last = Stopwatch.GetTimestamp();
                    model.Call(input);
                }
                foreach (var (m, ms) in current)
                {
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
            total > 0 ? medians[i] / total : 1.0 / order.Count, shapes[m].Bytes,
            m.NamedParameters().Sum(p => (long)p.Parameter.Numel))).ToList();
    }
}
