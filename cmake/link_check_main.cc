// The program of each layer's link check (CMakeLists.txt): it links every object of one layer
// with only the layers beneath it, so a call into a layer above fails to link.
int main() { return 0; }
