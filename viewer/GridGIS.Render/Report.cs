using NetTopologySuite.Geometries;

namespace GridGIS.Render;

/// <summary>How a legend entry shows its layer: a filled box, a line, or the layer's point symbol.</summary>
public enum LegendShape { Area, Line, Point }

/// <summary>One legend entry: the layer's style drawn as <paramref name="Shape"/> beside its label.</summary>
public sealed record LegendItem(string Label, MapStyle Style, LegendShape Shape);

/// <summary>One map of a report: a title and a window in the layers' planar CRS (metres), every map of a report at one scale.</summary>
public sealed record ReportMap(string Title, Envelope Window, IReadOnlyList<MapLayer> Layers);

/// <summary>One row of a report's table: a label and one value per column, already formatted.</summary>
public sealed record ReportRow(string Label, IReadOnlyList<string> Values, bool Heading = false);

/// <summary>
/// A report an official can file (汇报材料): a title and the facts that make it checkable (category, threshold, run,
/// date), same-scale maps with one legend, scale bar and north arrow, a table of figures, and its sources. Every
/// text is final (already in the report's language); the renderer only lays it out.
/// </summary>
/// <param name="Title">The report's title.</param>
/// <param name="Facts">Lines under the title: what is mapped, which run, when made.</param>
/// <param name="Maps">Maps, all at one scale (planar CRS in metres), drawn in one row.</param>
/// <param name="Legend">What the maps' symbols mean.</param>
/// <param name="ScaleLabel">Formats a scale-bar length in metres as text ("500 m", "1 km").</param>
/// <param name="NorthLabel">The letter on the north arrow (N, 北).</param>
/// <param name="Columns">The table's column heads (after the label column).</param>
/// <param name="Rows">The table's rows.</param>
/// <param name="Notes">Sources and notes, printed after the table.</param>
/// <param name="Footer">Printed at the foot of every page, before the page number (e.g. the date and the product).</param>
/// <param name="PageLabel">Formats "page i of n".</param>
public sealed record Report(string Title, IReadOnlyList<string> Facts, IReadOnlyList<ReportMap> Maps, IReadOnlyList<LegendItem> Legend,
    Func<double, string> ScaleLabel, string NorthLabel, IReadOnlyList<string> Columns, IReadOnlyList<ReportRow> Rows,
    IReadOnlyList<string> Notes, string Footer, Func<int, int, string> PageLabel);
