import Foundation
import Manifest

/// The manifest loader under libFuzzer (`scripts/fuzz`): every input is loaded as a root
/// manifest, as `validate` would load it, and must come back as a manifest or as located
/// diagnostics, never as a crash, a hang or a memory error (the address sanitizer is on).
///
/// Built normally (without `FUZZING`), the same entry is a replay tool: `ManifestFuzz FILE…`
/// loads each file once, so a crash the fuzzer found can be run again under a debugger.
enum ManifestFuzz {
    /// One folder for this process's inputs: a manifest may name files beside it.
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "respan-plan-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func load(_ bytes: UnsafeRawBufferPointer) {
        let path = folder.appendingPathComponent("experiments.yaml")
        guard FileManager.default.createFile(atPath: path.path, contents: Data(bytes)) else {
            fatalError("cannot write \(path.path)")
        }
        let result = ManifestLoader(environment: ["HOME": "/root"]).load(path: path.path)
        // Either a manifest or at least one located error: nothing in between.
        if result.desired == nil && !result.diagnostics.hasErrors { fatalError("no manifest and no error") }
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        ManifestFuzz.load(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's entry as `MODULE_main`: here it hands over to libFuzzer's driver.
    @_cdecl("ManifestFuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments, fuzzOne)
    }
#else
    @main
    enum Replay {
        static func main() {
            for file in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    exit(1)
                }
                data.withUnsafeBytes(ManifestFuzz.load)
                print("\(file): loaded")
            }
        }
    }
#endif
