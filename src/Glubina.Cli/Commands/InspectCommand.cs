using System.CommandLine;
using Glubina.Cli.Runs;
using Glubina.Data;
using Glubina.Data.Inspection;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina inspect</c>: what is in a CSV file before training on it (over <see cref="DataInspector"/>).</summary>
internal static class InspectCommand
{
    public static Command Create(CommandContext context)
    {
        var data = new Option<string>("--data") { Description = "A CSV/TSV file with a header row.", Required = true };
        var target = new Option<string?>("--target") { Description = "The column to predict: adds class balance and leakage checks." };
        var command = context.Command("inspect",
            "Inspect a CSV file: column types, missing values, distinct values, ranges, class balance, and warnings (constant " +
            "columns, identifiers, leakage candidates such as a column equal to the target).",
            "glubina inspect --data iris.csv --target species",
            "glubina inspect --data customers.csv --json");
        command.Add(data);
        command.Add(target);
        context.SetAction(command, parsed =>
        {
            string path = parsed.GetValue(data)!;
            Table table = TableFiles.Load(path);
            string? targetName = parsed.GetValue(target);
            if (targetName is not null)
                TableFiles.Require(table, targetName, path, "target");
            DataInspection inspection = DataInspector.Inspect(table, targetName);
            context.Console.Line($"{path}:");
            context.Console.Line(inspection.ToString().TrimEnd());
            var result = inspection.ToJson();
            result["path"] = Path.GetFullPath(path);
            return result;
        });
        return command;
    }
}
