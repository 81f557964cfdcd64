using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// A snapshot of an optimizer (PyTorch's <c>optimizer.state_dict()</c>): the hyper-parameters of each group and,
/// for every parameter that has been updated, its buffers by PyTorch name (<c>"step"</c> as a 0-d float64 tensor,
/// <c>"exp_avg"</c>, <c>"exp_avg_sq"</c>, <c>"momentum_buffer"</c>, …). Parameters are numbered 0, 1, … across
/// the groups in order. The tensors are copies: training on does not change a snapshot.
/// </summary>
public sealed class OptimizerState
{
    /// <summary>A snapshot from its parts (what <see cref="Optimizer.StateDict"/> builds and a reader of saved
    /// state rebuilds).</summary>
    /// <param name="optimizerType">The optimizer class name, e.g. "Adam".</param>
    /// <param name="flags">The optimizer's switches (nesterov, amsgrad, …).</param>
    /// <param name="groups">Hyper-parameters of each group by name.</param>
    /// <param name="groupSizes">Number of parameters in each group.</param>
    /// <param name="parameterStates">Buffers by parameter number, then by name.</param>
    public OptimizerState(string optimizerType, IReadOnlyDictionary<string, bool> flags,
        IReadOnlyList<IReadOnlyDictionary<string, double>> groups, IReadOnlyList<int> groupSizes,
        IReadOnlyDictionary<int, IReadOnlyDictionary<string, Tensor>> parameterStates)
    {
        ArgumentNullException.ThrowIfNull(optimizerType);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(groupSizes);
        ArgumentNullException.ThrowIfNull(parameterStates);
        if (groups.Count != groupSizes.Count)
            throw new ArgumentException(
                $"OptimizerState: {groups.Count} groups of hyper-parameters but {groupSizes.Count} group sizes.",
                nameof(groupSizes));
        OptimizerType = optimizerType;
        Flags = flags;
        Groups = groups;
        GroupSizes = groupSizes;
        ParameterStates = parameterStates;
    }

    /// <summary>The class name of the optimizer that made the snapshot.</summary>
    public string OptimizerType { get; }

    /// <summary>The optimizer's switches.</summary>
    public IReadOnlyDictionary<string, bool> Flags { get; }

    /// <summary>Hyper-parameters of each group by name.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Groups { get; }

    /// <summary>Number of parameters in each group.</summary>
    public IReadOnlyList<int> GroupSizes { get; }

    /// <summary>Buffers of each updated parameter: parameter number → buffer name → tensor.</summary>
    public IReadOnlyDictionary<int, IReadOnlyDictionary<string, Tensor>> ParameterStates { get; }
}
