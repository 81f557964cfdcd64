using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Optim;

public abstract partial class Optimizer
{
    private const string StepKey = "step";

    /// <summary>A snapshot of the hyper-parameters and of every parameter's state (copies), for checkpoints.</summary>
    public OptimizerState StateDict()
    {
        using var noGrad = GradMode.NoGrad();
        var groups = new List<IReadOnlyDictionary<string, double>>();
        var sizes = new List<int>();
        var states = new Dictionary<int, IReadOnlyDictionary<string, Tensor>>();
        int number = 0;
        foreach (ParamGroup group in _groups)
        {
            groups.Add(group.Options.StateDictValues());
            sizes.Add(group.Parameters.Length);
            foreach (ParameterState? state in group.States)
            {
                if (state is not null)
                {
                    var buffers = new Dictionary<string, Tensor>(StringComparer.Ordinal)
                    {
                        [StepKey] = Owned(Tensor.Scalar(state.Step, DType.Float64)),
                    };
                    foreach (var (name, buffer) in state.Buffers)
                        buffers[name] = Copy(buffer, buffer.DType);
                    states[number] = buffers;
                }
                number++;
            }
        }
        return new OptimizerState(Name, Defaults.StateDictSwitches(), groups, sizes, states);
    }

    /// <summary>Restores a snapshot from <see cref="StateDict"/> of an optimizer of the same type with the same
    /// flags, group sizes and parameter shapes (buffers are converted to each parameter's dtype). Everything is
    /// checked before anything changes; a mismatch throws an <see cref="ArgumentException"/> that names it.</summary>
    public void LoadStateDict(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string where = $"{Name}.LoadStateDict";
        if (state.OptimizerType != Name)
            throw new ArgumentException($"{where}: the state was saved by {state.OptimizerType}, this optimizer is {Name}.",
                nameof(state));
        IReadOnlyDictionary<string, bool> switches = Defaults.StateDictSwitches();
        foreach (string flag in switches.Keys.Union(state.Flags.Keys))
        {
            bool mine = switches.TryGetValue(flag, out bool m) && m;
            bool saved = state.Flags.TryGetValue(flag, out bool v) && v;
            if (mine != saved)
                throw new ArgumentException(
                    $"{where}: the state was saved with {flag}={saved}, this optimizer has {flag}={mine}.", nameof(state));
        }
        if (state.Groups.Count != _groups.Count)
            throw new ArgumentException(
                $"{where}: the state has {state.Groups.Count} param groups, this optimizer has {_groups.Count}.", nameof(state));
        var parameters = new List<Tensor>();
        var options = new OptimizerOptions[_groups.Count];
        for (int g = 0; g < _groups.Count; g++)
        {
            if (state.GroupSizes[g] != _groups[g].Parameters.Length)
                throw new ArgumentException(
                    $"{where}: param group {g} has {_groups[g].Parameters.Length} parameters, the state has " +
                    $"{state.GroupSizes[g]}.", nameof(state));
            options[g] = _groups[g].Options;
            foreach (var (name, value) in state.Groups[g])
            {
                options[g] = options[g].WithStateDictValue(name, value) ?? throw new ArgumentException(
                    $"{where}: param group {g} of the state has '{name}', which is not a hyper-parameter of {Name}; " +
                    $"known: {string.Join(", ", Defaults.StateDictValues().Keys)}.", nameof(state));
            }
            options[g].Validate($"{where}, param group {g}");
            parameters.AddRange(_groups[g].Parameters);
        }

        var restored = new Dictionary<int, ParameterState>();
        using (GradMode.NoGrad())
        {
            foreach (var (number, buffers) in state.ParameterStates)
            {
                if (number < 0 || number >= parameters.Count)
                    throw new ArgumentException(
                        $"{where}: the state has buffers for parameter {number}, this optimizer has parameters 0..{parameters.Count - 1}.",
                        nameof(state));
                restored[number] = RestoreParameter(parameters[number], number, buffers, where);
            }
        }

        int index = 0;
        for (int g = 0; g < _groups.Count; g++)
        {
            ParamGroup group = _groups[g];
            group.SetOptionsUnchecked(options[g]);
            for (int i = 0; i < group.States.Length; i++, index++)
                group.States[i] = restored.GetValueOrDefault(index);
        }
    }

    private static ParameterState RestoreParameter(Tensor parameter, int number, IReadOnlyDictionary<string, Tensor> buffers,
        string where)
    {
        var result = new ParameterState(parameter);
        foreach (var (name, buffer) in buffers)
        {
            if (buffer is null || buffer.IsDisposed)
                throw new ArgumentException($"{where}: buffer '{name}' of parameter {number} is null or disposed.", nameof(buffers));
            if (name == StepKey)
            {
                double step = buffer.Numel == 1 ? buffer.Item() : double.NaN;
                if (!(step >= 0) || step != Math.Floor(step))
                    throw new ArgumentException(
                        $"{where}: '{StepKey}' of parameter {number} must be one non-negative whole number, got a tensor of " +
                        $"shape {ShapeMath.Format(buffer.Shape)}" + (buffer.Numel == 1 ? $" holding {Format(step)}." : "."),
                        nameof(buffers));
                result.Step = (long)step;
                continue;
            }
            if (!ShapeMath.SameShape(buffer.Shape, parameter.Shape))
                throw new ArgumentException(
                    $"{where}: buffer '{name}' of parameter {number} has shape {ShapeMath.Format(buffer.Shape)}, expected " +
                    $"{ShapeMath.Format(parameter.Shape)} (the parameter's shape).", nameof(buffers));
            if (!buffer.DType.IsFloatingPoint())
                throw new ArgumentException(
                    $"{where}: buffer '{name}' of parameter {number} is {buffer.DType.Name()}, expected a floating-point tensor.",
                    nameof(buffers));
            result.SetBuffer(name, Copy(buffer, parameter.DType));
        }
        return result;
    }

    // A contiguous copy with its own storage, converted to dtype, owned by no TensorScope.
    private static Tensor Copy(Tensor source, DType dtype)
    {
        Tensor converted = source.DType == dtype ? source : source.To(dtype);
        Tensor copy = Owned(Tensor.Zeros(source.ShapeArray(), dtype));
        copy.CopyInPlace(converted);
        return copy;
    }

    private static Tensor Owned(Tensor tensor)
    {
        TensorScope.Release(tensor);
        return tensor;
    }
}
