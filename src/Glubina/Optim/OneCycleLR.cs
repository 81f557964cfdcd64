namespace Glubina.Optim;

/// <summary>
/// The 1cycle policy (Smith and Topin), as PyTorch's <c>OneCycleLR</c>, stepped once per batch: the learning rate
/// rises from maxLr/divFactor to maxLr over the first pctStart of the steps, then anneals to
/// maxLr/(divFactor·finalDivFactor); with threePhase it first comes back down to maxLr/divFactor symmetrically,
/// then anneals to the minimum. With cycleMomentum the momentum (SGD's and RMSprop's, or Adam's β1: see
/// <see cref="OptimizerOptions.WithMomentum"/>) moves the opposite way, between maxMomentum and baseMomentum. Values
/// match PyTorch's over the cycle (steps 0 … totalSteps − 1). Like PyTorch it may be stepped once more (step
/// totalSteps, after the last batch), where it holds the final values (PyTorch extrapolates there); a further step
/// throws.
/// </summary>
public sealed class OneCycleLR : LRScheduler
{
    private readonly Phase[] _phases;
    private readonly double[] _initialLrs, _maxLrs, _minLrs;
    private readonly bool _cycleMomentum;

    private readonly record struct Phase(double EndStep, int StartLr, int EndLr, int StartMomentum, int EndMomentum);

    // Indices of a phase's endpoints: 0 initial, 1 max, 2 min (for momentum: 0 max, 1 base).
    private const int Initial = 0, Max = 1, Min = 2, MaxMomentumIndex = 0, BaseMomentumIndex = 1;

    /// <summary>A 1cycle schedule with one maximum learning rate for every group.</summary>
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true, double baseMomentum = 0.85,
        double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
        : this(optimizer, Enumerable.Repeat(maxLr, optimizer?.ParamGroups.Count ?? 0).ToArray(), totalSteps, pctStart,
            annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase)
    {
    }

    /// <summary>A 1cycle schedule with a maximum learning rate per group.</summary>
    /// <param name="optimizer">The optimizer whose learning rates (and momenta) are set.</param>
    /// <param name="maxLrs">The peak learning rate of each group.</param>
    /// <param name="totalSteps">Number of batches in the cycle (epochs × steps per epoch).</param>
    /// <param name="pctStart">Fraction of the cycle spent increasing the rate, in [0, 1].</param>
    /// <param name="annealStrategy">Cosine or linear annealing.</param>
    /// <param name="cycleMomentum">Whether momentum (or Adam's beta1) cycles inversely to the rate.</param>
    /// <param name="baseMomentum">Momentum at the peak learning rate.</param>
    /// <param name="maxMomentum">Momentum at the start and end of the cycle.</param>
    /// <param name="divFactor">Initial rate = maxLr / divFactor.</param>
    /// <param name="finalDivFactor">Final rate = initial rate / finalDivFactor.</param>
    /// <param name="threePhase">Whether the rate returns to the initial rate before the final annealing.</param>
    public OneCycleLR(Optimizer optimizer, IReadOnlyList<double> maxLrs, int totalSteps, double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true, double baseMomentum = 0.85,
        double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
        : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(maxLrs);
        int groups = optimizer.ParamGroups.Count;
        if (maxLrs.Count != groups)
            throw new ArgumentException($"OneCycleLR: expected {groups} values for maxLrs (one per param group), got {maxLrs.Count}.",
                nameof(maxLrs));
        if (totalSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps,
                $"OneCycleLR: totalSteps must be a positive number of steps, got {totalSteps}.");
        if (!(pctStart >= 0 && pctStart <= 1))
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart,
                $"OneCycleLR: pctStart must be in [0, 1], got {Optimizer.Format(pctStart)}.");
        if (annealStrategy is not (AnnealStrategy.Cos or AnnealStrategy.Linear))
            throw new ArgumentOutOfRangeException(nameof(annealStrategy), annealStrategy, "OneCycleLR: unknown anneal strategy.");
        if (!(divFactor > 0) || !(finalDivFactor > 0))
            throw new ArgumentOutOfRangeException(divFactor > 0 ? nameof(finalDivFactor) : nameof(divFactor),
                divFactor > 0 ? finalDivFactor : divFactor,
                $"OneCycleLR: divFactor and finalDivFactor must be positive, got {Optimizer.Format(divFactor)} and " +
                $"{Optimizer.Format(finalDivFactor)}.");
        for (int i = 0; i < groups; i++)
        {
            if (!(maxLrs[i] >= 0) || double.IsInfinity(maxLrs[i]))
                throw new ArgumentOutOfRangeException(nameof(maxLrs), maxLrs[i],
                    $"OneCycleLR: maxLrs[{i}] must be finite and non-negative, got {Optimizer.Format(maxLrs[i])}.");
        }

        TotalSteps = totalSteps;
        AnnealStrategy = annealStrategy;
        _phases = threePhase
            ?
            [
                new(pctStart * totalSteps - 1, Initial, Max, MaxMomentumIndex, BaseMomentumIndex),
                new(2 * pctStart * totalSteps - 2, Max, Initial, BaseMomentumIndex, MaxMomentumIndex),
                new(totalSteps - 1, Initial, Min, MaxMomentumIndex, MaxMomentumIndex),
            ]
            :
            [
                new(pctStart * totalSteps - 1, Initial, Max, MaxMomentumIndex, BaseMomentumIndex),
                new(totalSteps - 1, Max, Min, BaseMomentumIndex, MaxMomentumIndex),
            ];
        _maxLrs = maxLrs.ToArray();
        _initialLrs = _maxLrs.Select(m => m / divFactor).ToArray();
        _minLrs = _initialLrs.Select(l => l / finalDivFactor).ToArray();
        BaseMomentum = baseMomentum;
        MaxMomentum = maxMomentum;

        if (cycleMomentum)
        {
            if (optimizer.Defaults.WithMomentum(maxMomentum) is null)
                throw new ArgumentException(
                    $"OneCycleLR: cycleMomentum needs an optimizer with a momentum (SGD's, RMSprop's, Adam's β1); " +
                    $"{optimizer.Name} has none (pass cycleMomentum: false).", nameof(cycleMomentum));
            foreach (ParamGroup group in optimizer.ParamGroups)
                SetMomentum(group, maxMomentum);
        }
        _cycleMomentum = cycleMomentum;
        InitialStep();
    }

    /// <summary>Number of steps in the cycle.</summary>
    public int TotalSteps { get; }

    /// <summary>How the rate moves within a phase.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>Momentum at the peak learning rate.</summary>
    public double BaseMomentum { get; }

    /// <summary>Momentum at the start and end of the cycle.</summary>
    public double MaxMomentum { get; }

    /// <summary>The peak learning rate of each group.</summary>
    public IReadOnlyList<double> MaxLrs => _maxLrs;

    /// <inheritdoc/>
    protected override double ComputeLearningRate(int group, double currentLr, double baseLr)
    {
        int step = LastEpoch;
        if (step > TotalSteps)
            throw new InvalidOperationException(
                $"OneCycleLR: tried to step {step + 1} times; the schedule has totalSteps = {TotalSteps}.");
        double start = 0;
        for (int i = 0; i < _phases.Length; i++)
        {
            Phase phase = _phases[i];
            if (step <= phase.EndStep || i == _phases.Length - 1)
            {
                // PyTorch allows one step past the cycle (step == totalSteps, after the last batch) and extrapolates
                // the last phase there, which gives a negative rate with linear annealing; we hold the final values.
                double pct = step > phase.EndStep ? 1.0 : (step - start) / (phase.EndStep - start);
                if (_cycleMomentum)
                {
                    SetMomentum(Optimizer.ParamGroups[group],
                        Anneal(MomentumAt(phase.StartMomentum), MomentumAt(phase.EndMomentum), pct));
                }
                return Anneal(LrAt(group, phase.StartLr), LrAt(group, phase.EndLr), pct);
            }
            start = phase.EndStep;
        }
        throw new InvalidOperationException("Internal error: OneCycleLR found no phase.");
    }

    private static void SetMomentum(ParamGroup group, double momentum) =>
        group.Options = group.Options.WithMomentum(momentum)!;

    private double LrAt(int group, int which) => which switch
    {
        Initial => _initialLrs[group],
        Max => _maxLrs[group],
        _ => _minLrs[group],
    };

    private double MomentumAt(int which) => which == MaxMomentumIndex ? MaxMomentum : BaseMomentum;

    private double Anneal(double start, double end, double pct) => AnnealStrategy == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;
}
