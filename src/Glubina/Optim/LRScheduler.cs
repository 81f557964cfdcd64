using System.Collections.ObjectModel;

namespace Glubina.Optim;

/// <summary>
/// Base of the learning-rate schedules that follow an epoch (or batch) counter, as PyTorch's
/// <c>torch.optim.lr_scheduler</c>. Building a schedule applies its epoch-0 learning rate; each
/// <see cref="Step"/> (called after <c>optimizer.Step()</c>, once per epoch, or per batch for
/// <see cref="OneCycleLR"/>) advances the counter and writes the new rate into every
/// <see cref="ParamGroup.LearningRate"/>. Like PyTorch's default (chainable) form, most schedules compute the new
/// rate from the group's current one, so they match PyTorch's values to the last bit and compose with other
/// changes to the rate.
/// <para>A derived schedule implements <see cref="ComputeLearningRate"/> and calls <see cref="InitialStep"/> at the
/// end of its constructor.</para>
/// </summary>
public abstract class LRScheduler
{
    private readonly double[] _baseLrs;
    private readonly double[] _lastLrs;
    private readonly double[] _next;
    private readonly ReadOnlyCollection<double> _lastLrsView;
    private readonly ReadOnlyCollection<double> _baseLrsView;
    private bool _started;

    /// <summary>A schedule for <paramref name="optimizer"/>; the base learning rates are the groups' current rates.</summary>
    protected LRScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        _baseLrs = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        _lastLrs = new double[_baseLrs.Length];
        _next = new double[_baseLrs.Length];
        _lastLrsView = Array.AsReadOnly(_lastLrs);
        _baseLrsView = Array.AsReadOnly(_baseLrs);
        LastEpoch = -1;
    }

    /// <summary>The optimizer whose learning rates this schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The counter: 0 after construction, +1 per <see cref="Step"/>.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The learning rate of each group when the schedule was built (PyTorch's <c>base_lrs</c>).</summary>
    public IReadOnlyList<double> BaseLrs => _baseLrsView;

    /// <summary>The learning rates set by the latest step, one per group (PyTorch's <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> GetLastLr()
    {
        if (!_started)
            throw new InvalidOperationException(
                $"{GetType().Name}: the schedule has not been started; a derived constructor must call InitialStep().");
        return _lastLrsView;
    }

    /// <summary>Advances the schedule by one epoch (or batch) and sets the groups' learning rates.</summary>
    public void Step()
    {
        if (!_started)
            throw new InvalidOperationException(
                $"{GetType().Name}: the schedule has not been started; a derived constructor must call InitialStep().");
        Advance();
    }

    /// <summary>Applies the epoch-0 rates; derived constructors call it last, once their fields are set.</summary>
    protected void InitialStep()
    {
        if (_started)
            throw new InvalidOperationException($"{GetType().Name}: InitialStep was already called.");
        _started = true;
        Advance();
    }

    /// <summary>The learning rate of group <paramref name="group"/> at epoch <see cref="LastEpoch"/> (already
    /// advanced), given its current rate and its base rate.</summary>
    protected abstract double ComputeLearningRate(int group, double currentLr, double baseLr);

    private void Advance()
    {
        LastEpoch++;
        IReadOnlyList<ParamGroup> groups = Optimizer.ParamGroups;
        if (groups.Count != _baseLrs.Length)
            throw new InvalidOperationException(
                $"{GetType().Name}: the optimizer has {groups.Count} param groups now, the schedule was built for {_baseLrs.Length}.");
        // Compute every group's rate before setting any, as PyTorch does.
        for (int i = 0; i < _next.Length; i++)
            _next[i] = ComputeLearningRate(i, groups[i].LearningRate, _baseLrs[i]);
        for (int i = 0; i < _next.Length; i++)
        {
            groups[i].LearningRate = _next[i];
            _lastLrs[i] = groups[i].LearningRate;
        }
    }
}
