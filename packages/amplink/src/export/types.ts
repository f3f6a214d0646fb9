/** One file of an export; single-file formats have one, Bicep has main.bicep and its modules. */
export interface ExportFile {
  name: string;
  content: string;
}
