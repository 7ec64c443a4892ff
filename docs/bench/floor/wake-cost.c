// wake-cost: what one FUTEX_WAKE of a sleeping process costs the waker right after a 1080p fill, in C.
// A writer fills slot s mod 8 of a shared mapping (6,220,800 B, the bench's fill), bumps the futex word and,
// if the child's sleeper flag is set (as framebus does), calls FUTEX_WAKE; only the syscall is timed. The
// child sleeps on the word and, with TOUCH=1, reads one byte per 4 KiB page of the frame, as a bench `touch`
// reader does. This is the "publish" cost of the bench's writer when its readers sleep, without the JVM.
//
//   gcc -O2 -o wake-cost docs/bench/floor/wake-cost.c
//   ./wake-cost /dev/hugepages/wake-cost 0 1; ./wake-cost anon 0 0     # FILE|anon PIN TOUCH
//
// PIN=1 puts the writer on CPU 0 and the child on CPU 1. Not part of the build: the figures it gave are in
// docs/bench/close-to-the-floor.md.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static double now_ns(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
static long futex(int*u,int op,int v){return syscall(SYS_futex,u,op,v,0,0,0);}
static int cmp(const void*a,const void*b){double x=*(const double*)a,y=*(const double*)b;return x<y?-1:x>y;}
static void pin(int cpu){cpu_set_t s;CPU_ZERO(&s);CPU_SET(cpu,&s);sched_setaffinity(0,sizeof s,&s);}
enum { WAKES = 4000 };
int main(int argc,char**argv){
  if(argc<4){fprintf(stderr,"usage: %s FILE|anon PIN TOUCH\n",argv[0]);return 2;}
  size_t bytes=6220800, huge=2<<20, stride=(bytes+huge-1)/huge*huge, slots=8, size=huge+slots*stride;
  uint8_t*m;
  if(strcmp(argv[1],"anon")==0) m=mmap(0,size,PROT_READ|PROT_WRITE,MAP_SHARED|MAP_ANONYMOUS,-1,0);
  else { int fd=open(argv[1],O_CREAT|O_EXCL|O_RDWR,0600); if(fd<0){perror(argv[1]);return 1;} unlink(argv[1]);
         if(ftruncate(fd,size)){perror("ftruncate");return 1;} m=mmap(0,size,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0); close(fd); }
  if(m==MAP_FAILED){perror("mmap");return 1;}
  memset(m,0,size); int pinned=atoi(argv[2]), touch=atoi(argv[3]);
  int*word=(int*)m; volatile int*sleeping=(int*)(m+64);
  pid_t child=fork();
  if(child==0){ if(pinned) pin(1);
    int seen=0; volatile long sink=0;
    for(;;){ *sleeping=1; __sync_synchronize();
      while(__atomic_load_n(word,__ATOMIC_SEQ_CST)==seen) futex(word,FUTEX_WAIT,seen);
      *sleeping=0; seen=__atomic_load_n(word,__ATOMIC_ACQUIRE); if(seen<0) _exit(0);
      if(touch){ uint8_t*f=m+huge+(seen%slots)*stride; for(size_t i=0;i<bytes;i+=4096) sink+=f[i]; } } }
  if(pinned) pin(0);
  usleep(100000);
  static double h[WAKES]; double sum=0; int woke=0;
  for(int i=1;i<=WAKES;i++){
    uint64_t*f=(uint64_t*)(m+huge+(i%slots)*stride); for(size_t k=0;k<bytes/8;k++) f[k]=i+k;
    __atomic_store_n(word,i,__ATOMIC_SEQ_CST);
    double a=now_ns(); if(*sleeping){ futex(word,FUTEX_WAKE,INT32_MAX); woke++; } double d=now_ns()-a;
    h[i-1]=d; sum+=d; }
  __atomic_store_n(word,-1,__ATOMIC_SEQ_CST); futex(word,FUTEX_WAKE,1); waitpid(child,0,0);
  qsort(h,WAKES,sizeof(double),cmp);
  printf("%s pin=%d touch=%d: woke %d of %d; wake mean %.1f us, p50 %.1f, p90 %.1f, p99 %.1f\n",argv[1],pinned,touch,
         woke,WAKES,sum/WAKES/1e3,h[WAKES/2]/1e3,h[WAKES*9/10]/1e3,h[WAKES*99/100]/1e3);
  return 0;
}
