using System.Globalization;
using System.Reflection;
using System.Text;
using Glubina.Tensors;

namespace Glubina.Tests;

/// <summary>
/// The public API of the core library against its snapshot, tests/fixtures/api/Glubina.txt: a change to it shows up
/// in review as a diff of that file. After an intended change, run the tests once with GLUBINA_UPDATE_API=1 (it
/// rewrites the snapshot and fails so that the new file is looked at) and commit the file.
/// </summary>
public sealed class PublicApiTests
{
    private const string Snapshot = "api/Glubina.txt";

    [Fact]
    public void The_public_api_matches_its_snapshot()
    {
        string actual = Describe(typeof(Tensor).Assembly);
        string source = Path.Combine(RepositoryFixtures(), Snapshot);
        if (Environment.GetEnvironmentVariable("GLUBINA_UPDATE_API") == "1")
        {
            File.WriteAllText(source, actual);
            Assert.Fail($"Rewrote {source}; review and commit it, then run the tests without GLUBINA_UPDATE_API.");
        }
        string expected = File.ReadAllText(source).ReplaceLineEndings("\n");
        if (expected == actual)
            return;
        string[] want = expected.Split('\n'), got = actual.Split('\n');
        var added = got.Except(want).Take(20).Select(l => "+ " + l);
        var removed = want.Except(got).Take(20).Select(l => "- " + l);
        Assert.Fail("The public API differs from tests/fixtures/" + Snapshot + " (run the tests with GLUBINA_UPDATE_API=1 to " +
            "rewrite it after an intended change):\n" + string.Join("\n", removed.Concat(added)));
    }

    /// <summary>Each public type (sorted by name) with its kind and bases, then its members, one per line, sorted.</summary>
    internal static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (Type type in assembly.GetExportedTypes().OrderBy(TypeName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').Append(TypeName(type)).Append(Bases(type)).Append('\n');
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (string member in type.GetMembers(flags).Select(Member).OfType<string>().Order(StringComparer.Ordinal))
                text.Append("    ").Append(member).Append('\n');
        }
        return text.ToString();
    }

    private static string Kind(Type type) =>
        type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
        : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";

    private static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
            bases.Add(TypeName(b));
        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(TypeName).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
    }

    private static string? Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m when m.IsSpecialName => null,   // property and event accessors, operators are listed below
        MethodInfo m => $"{(m.IsStatic ? "static " : "")}{TypeName(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})",
        PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{TypeName(p.PropertyType)} {p.Name}" +
            (p.GetIndexParameters() is { Length: > 0 } index ? $"[{string.Join(", ", index.Select(i => TypeName(i.ParameterType)))}]" : "") +
            $" {{ {(p.GetMethod?.IsPublic == true ? "get; " : "")}{(p.SetMethod?.IsPublic == true ? "set; " : "")}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{TypeName(f.FieldType)} {f.Name}" +
            (f.IsLiteral && !f.DeclaringType!.IsEnum ? " = " + Invariant(f.GetRawConstantValue()) : ""),
        EventInfo e => $"event {TypeName(e.EventHandlerType!)} {e.Name}",
        Type => null,   // nested types are listed on their own
        _ => member.ToString(),
    };

    private static string Invariant(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";

    private static string Generic(MethodInfo m) =>
        m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "") + TypeName(p.ParameterType) + " " + p.Name +
        (p.HasDefaultValue ? " = " + (p.DefaultValue switch { null => "null", string s => "\"" + s + "\"", bool b => b ? "true" : "false", var v => Invariant(v) }) : "")));

    private static string TypeName(Type type)
    {
        if (type.IsByRef)
            return TypeName(type.GetElementType()!);
        if (type.IsArray)
            return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (type.IsGenericParameter)
            return type.Name;
        if (Nullable.GetUnderlyingType(type) is { } inner)
            return TypeName(inner) + "?";
        string name = type.IsNested ? TypeName(type.DeclaringType!) + "." + type.Name : (type.Namespace is { } ns ? ns + "." : "") + type.Name;
        if (!type.IsGenericType)
            return name;
        int tick = name.LastIndexOf('`');
        var builder = new StringBuilder(tick < 0 ? name : name[..tick]);
        Type[] arguments = type.GetGenericArguments();
        if (type.IsNested)   // the declaring type's arguments come first
            arguments = arguments[type.DeclaringType!.GetGenericArguments().Length..];
        return arguments.Length == 0 ? builder.ToString() : builder.Append('<').AppendJoin(", ", arguments.Select(TypeName)).Append('>').ToString();
    }

    // The fixtures folder of the repository (the one the test copies are made from).
    private static string RepositoryFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Glubina.slnx")))
                return Path.Combine(dir.FullName, "tests", "fixtures");
        throw new DirectoryNotFoundException("Glubina.slnx not found above " + AppContext.BaseDirectory);
    }
}
