using GridGIS.Server.Data;
using GridGIS.Server.Features.Demo;

namespace GridGIS.Server;

/// <summary>The command line: `GridGIS.Server COMMAND [options]`. Progress goes to stderr.</summary>
internal static class Cli
{
    private static readonly Dictionary<string, (string Help, Func<string[], Task<int>> Run)> Commands = new()
    {
        ["migrate"] = ("apply the numbered database migrations", Migrate),
        ["demo"] = ("generate and load the Chaoyang demo: --scale S (0..1, default 0.1) --seed N --force", Demo),
        ["help"] = ("this list", _ => { PrintHelp(); return Task.FromResult(0); }),
    };

    /// <summary>Lets a feature add its own command (import, coverage, ...).</summary>
    public static void Add(string name, string help, Func<string[], Task<int>> run) => Commands[name] = (help, run);

    public static bool IsCommand(string word)
    {
        CliCommands.Register();
        return Commands.ContainsKey(word);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await Commands[args[0]].Run(args[1..]);
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"gridgis {args[0]}: {e.Message}");
            return 2;
        }
    }

    private static void PrintHelp()
    {
        Console.WriteLine("usage: GridGIS.Server [serve [--urls URL]] | COMMAND [options]");
        foreach (var (name, (help, _)) in Commands.OrderBy(c => c.Key)) Console.WriteLine($"  {name,-10} {help}");
    }

    public static void Log(string message) => Console.Error.WriteLine($"[gridgis] {message}");

    /// <summary>The value after <paramref name="flag"/>, or null.</summary>
    public static string? Option(string[] args, string flag)
    {
        var i = Array.IndexOf(args, flag);
        if (i < 0) return null;
        if (i + 1 >= args.Length) throw new CliException($"{flag} needs a value");
        return args[i + 1];
    }

    public static double DoubleOption(string[] args, string flag, double fallback)
    {
        var s = Option(args, flag);
        if (s is null) return fallback;
        return double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw new CliException($"{flag} takes a number, not '{s}'");
    }

    private static async Task<int> Migrate(string[] args)
    {
        await using var db = Database.Create(Database.ConnectionString());
        var n = await Migrator.MigrateAsync(db, Log);
        Log(n == 0 ? "database schema up to date" : $"applied {n} migration(s)");
        return 0;
    }

    private static async Task<int> Demo(string[] args)
    {
        var scale = DoubleOption(args, "--scale", 0.1);
        var seed = (int)DoubleOption(args, "--seed", 20100301);
        if (scale is <= 0 or > 1) throw new CliException($"--scale must be in (0, 1], not {scale}");
        await using var db = Database.Create(Database.ConnectionString());
        await DemoLoader.LoadAsync(db, scale, seed, args.Contains("--force"), Log);
        await WangjingBuildings.EnsureAsync(db, Log);
        await DemoAccounts.EnsureAsync(db, GridGisApp.StateDirectory(), Log);
        return 0;
    }
}

internal sealed class CliException(string message) : Exception(message);
