using System.Text.Json;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Optim;

/// <summary>
/// Learning-rate (and OneCycle momentum) sequences of every case of schedulers.json, recorded from PyTorch 1.13's
/// schedulers over 24–30 steps, with one or two param groups; ReduceLROnPlateau is fed the recorded metrics.
/// </summary>
public sealed class SchedulerGoldenTests
{
    // Both sides compute in double with the same formulas in the same order (PyTorch's recursive form), so the
    // values agree to the last bit or two; 1e-13 relative leaves room only for libm cos differences.
    private const double RelTol = 1e-13, AbsTol = 1e-18;

    public static TheoryData<string> Cases => OptimFixtures.Names("schedulers.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sequence_matches_PyTorch(string name)
    {
        JsonElement c = OptimFixtures.Cases("schedulers.json")[name];
        double[] groupLrs = OptimFixtures.Doubles(c.GetProperty("group_lrs"));
        bool adam = c.GetProperty("optimizer").GetString() == "adam";
        OptimizerOptions defaults = adam
            ? new AdamOptions(LearningRate: groupLrs[0])
            : new SgdOptions(LearningRate: groupLrs[0], Momentum: c.GetProperty("momentum").GetDouble());
        var groups = groupLrs.Select(lr => new ParamGroup([Tensor.Zeros(2).RequiresGrad_()], defaults with { LearningRate = lr }))
            .ToList();
        Optimizer optimizer = adam ? new Adam(groups, (AdamOptions)defaults) : new Sgd(groups, (SgdOptions)defaults);
        JsonElement args = c.GetProperty("args");
        string kind = c.GetProperty("scheduler").GetString()!;
        JsonElement[] lrs = c.GetProperty("lrs").EnumerateArray().ToArray();
        JsonElement momenta = c.GetProperty("momenta");

        if (kind == "plateau")
        {
            ReduceLROnPlateau plateau = CreatePlateau(optimizer, args, groups.Count);
            double[] metrics = OptimFixtures.Doubles(c.GetProperty("metrics"));
            AssertLrs(lrs[0], optimizer, $"{name} epoch 0");
            for (int e = 0; e < metrics.Length; e++)
            {
                plateau.Step(metrics[e]);
                AssertLrs(lrs[e + 1], optimizer, $"{name} epoch {e + 1} (metric {metrics[e]:R})");
                Assert.Equal(optimizer.ParamGroups.Select(g => g.LearningRate), plateau.GetLastLr());
            }
            return;
        }

        LRScheduler scheduler = Create(kind, optimizer, args, groups.Count);
        for (int e = 0; e < lrs.Length; e++)
        {
            if (e > 0)
            {
                optimizer.Step();
                scheduler.Step();
            }
            Assert.Equal(optimizer.ParamGroups.Select(g => g.LearningRate), scheduler.GetLastLr());
            Assert.Equal(e, scheduler.LastEpoch);
            if (scheduler is OneCycleLR oneCycle && e == oneCycle.TotalSteps)
            {
                // The extra step PyTorch allows after the last batch: PyTorch extrapolates the last phase (a negative
                // rate with linear annealing); we hold the final rate, maxLr / divFactor / finalDivFactor.
                double[] final = oneCycle.MaxLrs.Select(m => m / Arg(args, "div_factor", 25) / Arg(args, "final_div_factor", 1e4)).ToArray();
                OptimFixtures.AssertClose(final, optimizer.ParamGroups.Select(g => g.LearningRate).ToArray(), 1e-12, 0,
                    $"{name} epoch {e} (after the cycle)");
                continue;
            }
            AssertLrs(lrs[e], optimizer, $"{name} epoch {e}");
            if (momenta.ValueKind != JsonValueKind.Null)
            {
                double[] momentum = optimizer.ParamGroups
                    .Select(g => g.Options is AdamOptions a ? a.Beta1 : ((SgdOptions)g.Options).Momentum).ToArray();
                OptimFixtures.AssertClose(OptimFixtures.Doubles(momenta[e]), momentum, RelTol, AbsTol,
                    $"{name} epoch {e} {(adam ? "beta1" : "momentum")}");
            }
        }
        if (kind == "onecycle")
        {
            // PyTorch allows stepping up to total_steps; one more is an error that says so.
            var error = Assert.Throws<InvalidOperationException>(scheduler.Step);
            Assert.Contains("totalSteps", error.Message);
        }
    }

    private static void AssertLrs(JsonElement expected, Optimizer optimizer, string what) =>
        OptimFixtures.AssertClose(OptimFixtures.Doubles(expected), optimizer.ParamGroups.Select(g => g.LearningRate).ToArray(),
            RelTol, AbsTol, what);

    private static double Arg(JsonElement args, string name, double fallback) =>
        args.TryGetProperty(name, out JsonElement e) ? e.GetDouble() : fallback;

    private static LRScheduler Create(string kind, Optimizer optimizer, JsonElement args, int groups)
    {
        switch (kind)
        {
            case "step":
                return new StepLR(optimizer, args.GetProperty("step_size").GetInt32(), Arg(args, "gamma", 0.1));
            case "multistep":
                return new MultiStepLR(optimizer, OptimFixtures.Ints(args.GetProperty("milestones")), Arg(args, "gamma", 0.1));
            case "exponential":
                return new ExponentialLR(optimizer, args.GetProperty("gamma").GetDouble());
            case "cosine":
                return new CosineAnnealingLR(optimizer, args.GetProperty("T_max").GetInt32(), Arg(args, "eta_min", 0));
            case "linear":
                return new LinearLR(optimizer, Arg(args, "start_factor", 1.0 / 3), Arg(args, "end_factor", 1.0),
                    (int)Arg(args, "total_iters", 5));
            case "onecycle":
                JsonElement maxLr = args.GetProperty("max_lr");
                double[] maxLrs = maxLr.ValueKind == JsonValueKind.Array
                    ? OptimFixtures.Doubles(maxLr)
                    : Enumerable.Repeat(maxLr.GetDouble(), groups).ToArray();
                int total = args.TryGetProperty("total_steps", out JsonElement ts)
                    ? ts.GetInt32()
                    : args.GetProperty("epochs").GetInt32() * args.GetProperty("steps_per_epoch").GetInt32();
                AnnealStrategy strategy = args.TryGetProperty("anneal_strategy", out JsonElement a) && a.GetString() == "linear"
                    ? AnnealStrategy.Linear
                    : AnnealStrategy.Cos;
                return new OneCycleLR(optimizer, maxLrs, total, Arg(args, "pct_start", 0.3), strategy,
                    !args.TryGetProperty("cycle_momentum", out JsonElement cm) || cm.GetBoolean(),
                    Arg(args, "base_momentum", 0.85), Arg(args, "max_momentum", 0.95), Arg(args, "div_factor", 25),
                    Arg(args, "final_div_factor", 1e4),
                    args.TryGetProperty("three_phase", out JsonElement tp) && tp.GetBoolean());
            default:
                throw new InvalidOperationException($"Unknown scheduler '{kind}' in the fixture.");
        }
    }

    private static ReduceLROnPlateau CreatePlateau(Optimizer optimizer, JsonElement args, int groups)
    {
        double[] minLrs = !args.TryGetProperty("min_lr", out JsonElement m)
            ? new double[groups]
            : m.ValueKind == JsonValueKind.Array ? OptimFixtures.Doubles(m) : Enumerable.Repeat(m.GetDouble(), groups).ToArray();
        PlateauMode mode = args.TryGetProperty("mode", out JsonElement md) && md.GetString() == "max" ? PlateauMode.Max : PlateauMode.Min;
        ThresholdMode thresholdMode = args.TryGetProperty("threshold_mode", out JsonElement tm) && tm.GetString() == "abs"
            ? ThresholdMode.Abs
            : ThresholdMode.Rel;
        return new ReduceLROnPlateau(optimizer, minLrs, mode, Arg(args, "factor", 0.1), (int)Arg(args, "patience", 10),
            Arg(args, "threshold", 1e-4), thresholdMode, (int)Arg(args, "cooldown", 0));
    }
}
