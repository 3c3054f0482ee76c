using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGIS.Server.Features.Coverage;

/// <summary>A category as a run saw it: threshold in seconds (from minutes, or metres at the speed), speed in km/h.</summary>
internal sealed record CategoryParameters(string Code, double WalkMinutes, double? WalkMetres, double SpeedKmh, double ThresholdSeconds)
{
    /// <summary>Walking speed in m/s.</summary>
    public double SpeedMetresPerSecond => SpeedKmh / 3.6;
}

/// <summary>The parameters recorded with a run (<c>coverage_run.parameters</c>), so that a result can be reproduced.</summary>
internal sealed record RunParameters(IReadOnlyList<CategoryParameters> Categories, double DetourFactor,
    JsonElement NetworkVersion, JsonElement DataVersion)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static RunParameters Parse(string json) =>
        JsonSerializer.Deserialize<RunParameters>(json, Json) ?? throw new InvalidOperationException("coverage run without parameters");

    public CategoryParameters Category(string code) => Categories.FirstOrDefault(c => c.Code == code)
        ?? throw new InvalidOperationException($"category '{code}' is not among the run's parameters");
}
